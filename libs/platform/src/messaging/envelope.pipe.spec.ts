import { IsString } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DeadlineExceededError, ValidationFailedError } from '../errors/domain-error.js';
import { envelopeOf } from './envelope.pipe.js';

class Rename {
  @IsString() name!: string;
}

const envelope = (fields: Record<string, unknown>) => ({
  actor: { userId: randomUUID(), organizationId: randomUUID(), role: 'manager' },
  requestId: randomUUID(),
  data: { name: 'Boulangerie' },
  ...fields,
});

describe('EnvelopePipe and the deadline', () => {
  it('should pass the envelope on when its deadline is still ahead or absent', async () => {
    await expect(envelopeOf(Rename).transform(envelope({ deadline: Date.now() + 60_000 }))).resolves.toMatchObject({ data: { name: 'Boulangerie' } });
    await expect(envelopeOf(Rename).transform(envelope({}))).resolves.toMatchObject({ data: { name: 'Boulangerie' } });
  });

  it('should refuse the work with a 504 problem when the caller has already given up', async () => {
    const refused = envelopeOf(Rename).transform(envelope({ deadline: Date.now() - 1 }));
    await expect(refused).rejects.toBeInstanceOf(DeadlineExceededError);
    await expect(refused).rejects.toMatchObject({ problem: { status: 504, type: '/problems/upstream-timeout' } });
  });

  it.each([['a string', 'tomorrow'], ['a negative number', -5], ['a fraction', 1.5]])('should answer 400 naming envelope.deadline when it is %s', async (_label, deadline) => {
    const refused = envelopeOf(Rename).transform(envelope({ deadline }));
    await expect(refused).rejects.toBeInstanceOf(ValidationFailedError);
    await expect(refused).rejects.toMatchObject({ problem: { errors: expect.arrayContaining([expect.objectContaining({ field: 'envelope.deadline' })]) } });
  });
});
