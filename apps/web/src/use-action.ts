import { useCallback, useState } from 'react';
import { type ApiFailure, asFailure } from './components/feedback';

/**
 * A call to the API the person starts (a form sent, a button pressed): `busy` while it runs, and its
 * problem kept for display — here, or handed to `report` where the screen shows it elsewhere.
 */
export function useAction(report?: (failure: ApiFailure) => void) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure>(null);
  const show = report ?? setFailure;
  const run = useCallback(
    async (action: () => Promise<void>) => {
      setBusy(true);
      show(null);
      try {
        await action();
      } catch (error) {
        show(asFailure(error));
      } finally {
        setBusy(false);
      }
    },
    [show],
  );
  return { busy, failure, setFailure, run };
}
