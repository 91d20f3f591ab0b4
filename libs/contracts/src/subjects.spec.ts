import { describe, expect, it } from 'vitest';
import * as contracts from './index.js';
import { EVENTS_SUBJECT_PREFIX, pingSubjectFor, SERVICES } from './index.js';

const REQUEST_SUBJECT = /^(companies|contacts|campaigns|conventions)\.v1\.[a-z0-9-]+(\.[a-z0-9-]+)*$/;

// Every export of the library: a request contract has a subject and a Request class, an event a subject and a Payload class.
const exported = Object.entries(contracts as Record<string, unknown>).filter(
  (entry): entry is [string, Record<string, unknown>] => typeof entry[1] === 'object' && entry[1] !== null,
);
const requests = exported.filter(([, value]) => typeof value.subject === 'string' && typeof value.Request === 'function');
const events = exported.filter(([, value]) => typeof value.subject === 'string' && typeof value.Payload === 'function');
const requestSubjects = [...requests.map(([, value]) => value.subject as string), ...SERVICES.map(pingSubjectFor)];
const eventSubjects = events.map(([, value]) => value.subject as string);

describe('contract subjects', () => {
  it('should find the request and event contracts when scanning the library exports', () => {
    expect(requests.map(([name]) => name)).toEqual(expect.arrayContaining(['CreateCompany', 'GetCompany', 'ListCompanies', 'UpdateCompany', 'DeleteCompany']));
    expect(events.map(([name]) => name)).toEqual(expect.arrayContaining(['CompanyCreated', 'CompanyUpdated', 'CompanyDeleted']));
  });

  it('should name each contract as either a request or an event when it has a subject', () => {
    const both = exported.filter(([, value]) => typeof value.Request === 'function' && typeof value.Payload === 'function');
    expect(both.map(([name]) => name)).toEqual([]);
    const neither = exported.filter(([, value]) => typeof value.subject === 'string' && typeof value.Request !== 'function' && typeof value.Payload !== 'function');
    expect(neither.map(([name]) => name)).toEqual([]);
  });

  it.each(requestSubjects)('should put request subject %s under <service>.v1 when it is a request', (subject) => {
    expect(subject).toMatch(REQUEST_SUBJECT);
    expect(subject.startsWith(EVENTS_SUBJECT_PREFIX)).toBe(false);
  });

  it.each(eventSubjects)('should put event subject %s under events. when it is an event', (subject) => {
    expect(subject.startsWith(EVENTS_SUBJECT_PREFIX)).toBe(true);
    expect(subject).not.toMatch(REQUEST_SUBJECT);
    // Events of a service live under events.<service>.
    expect(SERVICES.some((service) => subject.startsWith(`${EVENTS_SUBJECT_PREFIX}${service}.`))).toBe(true);
  });

  it('should never reuse a subject when two contracts are compared', () => {
    const all = [...requestSubjects, ...eventSubjects];
    expect(new Set(all).size).toBe(all.length);
  });
});
