import { type FormEvent, useEffect, useState } from 'react';
import { Field, fieldErrors, PageTitle } from '../components/feedback';
import { type MessageKey, useI18n } from '../i18n';
import { PagedItems, usePagedList } from '../paged-list';
import { hrefOf } from '../router';
import { currentSession } from '../session';
import { type Company, SIZE_BANDS, type SizeBand } from '../types';
import { activityOf, formatSiret, PhoneLink } from './company-card';

// The filters of GET /companies typed as text (comma-separated lists stay text: the API splits them).
const TEXT_FILTERS = ['q', 'naf', 'postalCode', 'city', 'rome', 'tag'] as const;
type TextFilter = (typeof TEXT_FILTERS)[number];
const FILTER_FIELDS = [...TEXT_FILTERS, 'sizeBand', 'doNotCall'] as const;
// Behind "more filters" unless one of them is given.
const MORE_FILTERS = ['city', 'rome', 'tag', 'sizeBand', 'doNotCall'] as const;

type Filters = Record<TextFilter, string> & { sizeBand: SizeBand[]; doNotCall: '' | 'true' | 'false' };

/** The filters a hash query holds (`#/companies?naf=10.71&postalCode=59`); anything else is dropped. */
function filtersOf(query: string | undefined): Filters {
  const params = new URLSearchParams(query ?? '');
  const text = Object.fromEntries(TEXT_FILTERS.map((field) => [field, params.get(field) ?? ''])) as Record<TextFilter, string>;
  const bands = (params.get('sizeBand') ?? '').split(',');
  const doNotCall = params.get('doNotCall');
  return {
    ...text,
    sizeBand: SIZE_BANDS.filter((band) => bands.includes(band)),
    doNotCall: doNotCall === 'true' || doNotCall === 'false' ? doNotCall : '',
  };
}

/** The query of GET /companies for these filters, blanks left out: also the hash's query. */
function queryOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const field of TEXT_FILTERS) if (filters[field].trim() !== '') params.set(field, filters[field].trim());
  if (filters.sizeBand.length > 0) params.set('sizeBand', filters.sizeBand.join(','));
  if (filters.doNotCall !== '') params.set('doNotCall', filters.doNotCall);
  return params.toString();
}

// The last search shown, for the way back from a company's page.
let lastQuery: string | undefined;
export const lastCompaniesSearch = (): string | undefined => lastQuery;

/**
 * Company search: the registry's filters (GET /companies), kept in the hash's query so that the back
 * button returns to the previous search, the matching companies by pages, and for managers the way
 * to the import.
 */
export function CompaniesScreen({ query }: { query?: string }) {
  const { t } = useI18n();
  const applied = filtersOf(query);
  const appliedQuery = queryOf(applied);
  const [draft, setDraft] = useState<Filters>(applied);
  const list = usePagedList<Company>(appliedQuery ? `/companies?${appliedQuery}` : '/companies');
  const manages = currentSession()?.role === 'manager';

  // Back and forward bring another search: the form follows it.
  useEffect(() => setDraft(filtersOf(query)), [query]);
  useEffect(() => {
    lastQuery = appliedQuery || undefined;
  }, [appliedQuery]);

  function search(event: FormEvent) {
    event.preventDefault();
    location.hash = hrefOf({ name: 'companies', query: queryOf(draft) || undefined });
  }

  function clear() {
    setDraft(filtersOf(undefined));
    location.hash = hrefOf({ name: 'companies' });
  }

  const errorsOf = (field: string) => fieldErrors(list.failure, field);
  const text = (field: TextFilter, label: string, hint?: string) => (
    <Field id={`companies-${field}`} label={label} hint={hint} errors={errorsOf(field)}>
      {(describedBy, invalid) => (
        <input
          id={`companies-${field}`}
          type={field === 'q' ? 'search' : 'text'}
          value={draft[field]}
          onChange={(event) => setDraft((previous) => ({ ...previous, [field]: event.target.value }))}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        />
      )}
    </Field>
  );
  const toggleBand = (band: SizeBand, checked: boolean) =>
    setDraft((previous) => ({ ...previous, sizeBand: SIZE_BANDS.filter((each) => (each === band ? checked : previous.sizeBand.includes(each))) }));
  const bandErrors = errorsOf('sizeBand');
  const doNotCallErrors = errorsOf('doNotCall');

  return (
    <>
      <div className="title-row">
        <PageTitle>{t('companies.title')}</PageTitle>
        {manages && (
          <a className="button" href={hrefOf({ name: 'companyImport' })}>
            {t('companies.import')}
          </a>
        )}
      </div>
      <form className="card" role="search" aria-label={t('companies.filters')} onSubmit={search} noValidate>
        <div className="filters">
          {text('q', t('companies.q'))}
          {text('naf', t('dashboard.filterNaf'), t('dashboard.filterNafHint'))}
          {text('postalCode', t('companies.postalCode'), t('companies.postalCodeHint'))}
        </div>
        <details className="more-filters" open={MORE_FILTERS.some((field) => applied[field].length > 0)}>
          <summary>{t('companies.moreFilters')}</summary>
          <div className="filters">
            {text('city', t('companies.city'), t('companies.listHint'))}
            {text('rome', t('companies.rome'), t('companies.romeHint'))}
            {text('tag', t('companies.tag'), t('companies.listHint'))}
            <Field id="companies-do-not-call" label={t('companies.doNotCall')} errors={doNotCallErrors}>
              {(describedBy, invalid) => (
                <select
                  id="companies-do-not-call"
                  value={draft.doNotCall}
                  onChange={(event) => setDraft((previous) => ({ ...previous, doNotCall: event.target.value as Filters['doNotCall'] }))}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                >
                  <option value="">{t('companies.doNotCall.any')}</option>
                  <option value="false">{t('companies.doNotCall.false')}</option>
                  <option value="true">{t('companies.doNotCall.true')}</option>
                </select>
              )}
            </Field>
          </div>
          <fieldset className={bandErrors.length > 0 ? 'field-invalid' : undefined} aria-describedby={bandErrors.length > 0 ? 'companies-size-band-error' : undefined}>
            <legend>{t('company.size')}</legend>
            <div className="checkbox-grid">
              {SIZE_BANDS.map((band) => (
                <label key={band} className="checkbox">
                  <input type="checkbox" checked={draft.sizeBand.includes(band)} onChange={(event) => toggleBand(band, event.target.checked)} />
                  {t(`size.${band}` as MessageKey)}
                </label>
              ))}
            </div>
            {bandErrors.length > 0 && (
              <p id="companies-size-band-error" className="field-error">
                {bandErrors.join(' ')}
              </p>
            )}
          </fieldset>
        </details>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t('companies.search')}
          </button>
          <button type="button" onClick={clear}>
            {t('companies.clear')}
          </button>
        </div>
      </form>
      <section aria-labelledby="companies-results">
        <h2 id="companies-results">{t('companies.results')}</h2>
        <p className="muted" role="status">
          {list.items && list.items.length > 0 ? t(list.hasMore ? 'companies.shownMore' : 'companies.shown', { count: list.items.length }) : ''}
        </p>
        <PagedItems list={list} empty={t('companies.none')} fields={FILTER_FIELDS} className="cards company-results">
          {(company) => <CompanyItem key={company.id} company={company} />}
        </PagedItems>
      </section>
    </>
  );
}

/** One company of the results: how to reach it and what it is. */
function CompanyItem({ company }: { company: Company }) {
  const { t } = useI18n();
  const unknown = <span className="muted">{t('company.unknown')}</span>;
  const town = [company.address.postalCode, company.address.city].filter(Boolean).join(' ');
  return (
    <li className="card">
      <h3>
        <a href={hrefOf({ name: 'company', companyId: company.id })}>{company.name}</a>
      </h3>
      {company.doNotCall && <p className="badge">{t('companies.doNotCallBadge')}</p>}
      {company.tradeName && company.tradeName !== company.name && <p className="muted">{company.tradeName}</p>}
      <dl className="facts">
        <dt>{t('companies.siret')}</dt>
        <dd className="siret">{company.siret ? formatSiret(company.siret) : unknown}</dd>
        <dt>{t('company.naf')}</dt>
        <dd>{activityOf(company) ?? unknown}</dd>
        <dt>{t('company.size')}</dt>
        <dd>{company.sizeBand ? t(`size.${company.sizeBand}` as MessageKey) : unknown}</dd>
        <dt>{t('companies.town')}</dt>
        <dd>{town || unknown}</dd>
        <dt>{t('company.phone')}</dt>
        <dd>
          {company.phone ? <PhoneLink phone={company.phone} /> : <span className="muted">{t('company.noPhone')}</span>}
        </dd>
      </dl>
    </li>
  );
}
