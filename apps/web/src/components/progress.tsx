import { useId } from 'react';
import { useI18n } from '../i18n';

/**
 * Progress towards a target: a native <progress> (read out as a percentage) named by its label,
 * with the numbers written next to it. Past the target the bar is full and the text says how far.
 * Without a target (not known yet) the bar is indeterminate and `text` says what is known.
 */
export function ProgressBar({ label, value, target, text }: { label: string; value: number; target: number | null; text?: string }) {
  const { t } = useI18n();
  const id = useId();
  const ratio = target ? value / target : 0;
  return (
    <div className="progress">
      <span id={`${id}-label`} className="progress-label">
        {label}
      </span>
      {target === null ? (
        <progress aria-labelledby={`${id}-label`} aria-describedby={`${id}-value`} />
      ) : (
        <progress aria-labelledby={`${id}-label`} aria-describedby={`${id}-value`} value={Math.min(value, target)} max={target > 0 ? target : 1} />
      )}
      <span id={`${id}-value`} className="progress-value">
        {text ?? t('dashboard.progressValue', { value, target: target ?? 0, percent: Math.round(ratio * 100) })}
      </span>
    </div>
  );
}
