import { CALL_OUTCOMES, MAX_ATTEMPTS } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { targetAfterCall } from './target-outcome.js';

const fresh = { attempts: 0, contacted: false, reached: false };

describe('targetAfterCall', () => {
  it.each(['no_answer', 'busy'] as const)('should put the target back in the queue for a retry when the outcome is %s', (outcome) => {
    expect(targetAfterCall(outcome, fresh)).toMatchObject({ status: 'pending', queueTier: 2, schedule: 'retry', firstContact: true, firstReach: false, reaching: false });
  });

  it('should end the target when the last allowed attempt is not answered', () => {
    expect(targetAfterCall('busy', { ...fresh, attempts: MAX_ATTEMPTS - 2 }).status).toBe('pending');
    expect(targetAfterCall('busy', { ...fresh, attempts: MAX_ATTEMPTS - 1 })).toMatchObject({ status: 'done', schedule: 'none' });
  });

  it('should book the callback when the outcome is callback', () => {
    expect(targetAfterCall('callback', fresh)).toMatchObject({ status: 'callback', queueTier: 0, schedule: 'callback', firstReach: true, reaching: true });
  });

  it('should exclude the target when the company asks not to be called', () => {
    expect(targetAfterCall('do_not_call', fresh)).toMatchObject({ status: 'excluded', schedule: 'none', reaching: true });
  });

  it.each(['wrong_number', 'not_interested', 'interested', 'meeting', 'offer'] as const)('should finish the target when the outcome is %s', (outcome) => {
    expect(targetAfterCall(outcome, fresh)).toMatchObject({ status: 'done', queueTier: null, schedule: 'none' });
  });

  it('should count a first contact and a first reach once per target', () => {
    for (const outcome of CALL_OUTCOMES) {
      expect(targetAfterCall(outcome, { attempts: 1, contacted: true, reached: true })).toMatchObject({ firstContact: false, firstReach: false });
    }
    expect(targetAfterCall('wrong_number', fresh)).toMatchObject({ firstContact: true, firstReach: false, reaching: false });
    expect(targetAfterCall('interested', { attempts: 2, contacted: true, reached: false })).toMatchObject({ firstContact: false, firstReach: true });
  });
});
