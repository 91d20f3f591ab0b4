import type { Problem } from '../../../libs/contracts/src/common/problems';
import { isMessageKey, type Translate } from './translate';

/** The message key of a problem type: `/problems/companies/not-found` is `problem.companies.not-found`. */
export const problemKey = (type: string): string => `problem.${type.replace(/^\/problems\//, '').replaceAll('/', '.')}`;

/** A problem's title in the app's language, by its type (stable); the server's English title for a type this app does not know yet. */
export function problemTitle(t: Translate, problem: Pick<Problem, 'type' | 'title'>): string {
  const key = problemKey(problem.type);
  return isMessageKey(key) ? t(key) : problem.title;
}
