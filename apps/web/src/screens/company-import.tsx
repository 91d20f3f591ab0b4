import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, NetworkError, newIdempotencyKey } from '../api';
import { type ApiFailure, asFailure, Field, fieldErrors, PageTitle, ProblemAlert, Status } from '../components/feedback';
import { ProgressBar } from '../components/progress';
import { fieldErrorText } from '../field-errors';
import { useI18n } from '../i18n';
import { hrefOf } from '../router';
import { currentSession } from '../session';
import type { ImportJob } from '../types';

// The API moves the counts every 10,000 rows: a poll a second shows each move without weighing on it.
const POLL_MS = 1000;
const FINISHED: readonly ImportJob['status'][] = ['done', 'failed'];

/** The job at `importId`, read again every POLL_MS until it has finished. */
function useImportJob(importId: string | undefined) {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [failure, setFailure] = useState<ApiFailure>(null);

  useEffect(() => {
    setJob(null);
    setFailure(null);
    if (!importId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current = true;
    const poll = async () => {
      try {
        const read = await api<ImportJob>('GET', `/companies/imports/${importId}`);
        if (!current) return;
        setJob(read);
        setFailure(null);
        if (!FINISHED.includes(read.status)) timer = setTimeout(() => void poll(), POLL_MS);
      } catch (error) {
        if (!current) return;
        const failed = asFailure(error);
        setFailure(failed);
        // A network blip: try again; a problem (404) stays.
        if (failed instanceof NetworkError) timer = setTimeout(() => void poll(), POLL_MS * 5);
      }
    };
    void poll();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [importId]);

  return { job, failure };
}

/**
 * About how many data rows a file holds (its lines but the header), counted in the browser while it
 * uploads: the API knows the total only once it has read the whole file, the bar needs it before.
 */
async function estimateRows(file: Blob): Promise<number> {
  const reader = file.stream().getReader();
  let lines = 0;
  let endsWithNewline = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value.length === 0) continue;
    for (let index = value.indexOf(10); index !== -1; index = value.indexOf(10, index + 1)) lines++;
    endsWithNewline = value[value.length - 1] === 10;
  }
  return Math.max(0, (endsWithNewline ? lines : lines + 1) - 1);
}

/** Company import (managers): a CSV or SIRENE file uploaded, its progress followed, its counts and row errors. */
export function CompanyImportScreen({ importId }: { importId?: string }) {
  const { t } = useI18n();
  const manages = currentSession()?.role === 'manager';
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [missingFile, setMissingFile] = useState(false);
  const [failure, setFailure] = useState<ApiFailure>(null);
  const [uploading, setUploading] = useState(false);
  const [estimate, setEstimate] = useState<{ importId: string; rows: number } | null>(null);
  const followed = useImportJob(importId);
  const job = followed.job?.id === importId ? followed.job : null;

  function choose(chosen: File | null) {
    setFile(chosen);
    setMissingFile(false);
    setFailure(null);
    // Another file is another import; the same upload retried (its answer lost) is the same job.
    setIdempotencyKey(newIdempotencyKey());
  }

  async function upload(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setMissingFile(true);
      fileInput.current?.focus();
      return;
    }
    setUploading(true);
    setFailure(null);
    const rows = estimateRows(file).catch(() => null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const started = await api<ImportJob>('POST', '/companies/imports', { body: form, headers: { 'idempotency-key': idempotencyKey } });
      void rows.then((count) => count !== null && setEstimate({ importId: started.id, rows: count }));
      // Sent again on purpose later (the file fixed meanwhile), it is a new import.
      setIdempotencyKey(newIdempotencyKey());
      location.hash = hrefOf({ name: 'companyImport', importId: started.id });
    } catch (error) {
      setFailure(asFailure(error));
    } finally {
      setUploading(false);
    }
  }

  if (!manages) {
    return (
      <>
        <PageTitle>{t('import.title')}</PageTitle>
        <p>{t('import.managersOnly')}</p>
        <p>
          <a href={hrefOf({ name: 'companies' })}>{t('import.toCompanies')}</a>
        </p>
      </>
    );
  }

  const fileErrors = [...(missingFile ? [t('import.fileRequired')] : []), ...fieldErrors(failure, 'file')];
  const notice = uploading
    ? t('import.uploading')
    : job?.status === 'done'
      ? t('import.finished', { inserted: job.inserted, updated: job.updated, rejected: job.rejected })
      : job?.status === 'failed'
        ? t('import.failed')
        : job
          ? t('import.following')
          : '';

  return (
    <>
      <PageTitle>{t('import.title')}</PageTitle>
      <form className="card" onSubmit={(event) => void upload(event)} noValidate>
        <ProblemAlert failure={failure} fields={['file']} />
        <Field id="import-file" label={t('import.file')} hint={t('import.fileHint')} errors={fileErrors}>
          {(describedBy, invalid) => (
            <input
              ref={fileInput}
              id="import-file"
              type="file"
              accept=".csv,text/csv"
              onChange={(event) => choose(event.target.files?.[0] ?? null)}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={uploading}>
            {uploading ? t('import.sending') : t('import.submit')}
          </button>
        </div>
      </form>
      <Status message={notice} />
      {importId && (
        <section className="card" aria-labelledby="import-job-title">
          <h2 id="import-job-title">{job?.filename ? t('import.jobOf', { filename: job.filename }) : t('import.job')}</h2>
          <ProblemAlert failure={followed.failure} />
          {!job ? (
            !followed.failure && <p>{t('app.loading')}</p>
          ) : (
            <ImportProgress job={job} estimatedRows={estimate?.importId === job.id ? estimate.rows : null} />
          )}
        </section>
      )}
    </>
  );
}

/** A job's status, its progress bar, its counts and the rows it refused. */
function ImportProgress({ job, estimatedRows }: { job: ImportJob; estimatedRows: number | null }) {
  const { t } = useI18n();
  // The total once the API has read the whole file; before, the browser's count of the file's lines.
  const target = job.totalRows ?? (estimatedRows === null ? null : Math.max(estimatedRows, job.processedRows));
  const text =
    job.totalRows !== null
      ? undefined
      : target !== null
        ? t('import.progressEstimate', { value: job.processedRows, target })
        : t('import.progressUnknown', { value: job.processedRows });
  const counts = [
    ['inserted', t('import.inserted')],
    ['updated', t('import.updated')],
    ['skipped', t('import.skipped')],
    ['rejected', t('import.rejected')],
  ] as const;
  return (
    <>
      <p id="import-status">
        {t('import.statusLabel')} <strong>{t(`import.status.${job.status}`)}</strong>
        {job.format && <> · {t(`import.format.${job.format}`)}</>}
      </p>
      {job.status === 'failed' && (
        <div className="alert alert-error">
          <p>{job.failureReason ?? t('import.failed')}</p>
        </div>
      )}
      {job.status !== 'failed' && <ProgressBar label={t('import.progress')} value={job.processedRows} target={target} text={text} />}
      <dl className="figures">
        {counts.map(([key, label]) => (
          <div key={key} className="figure">
            <dt>{label}</dt>
            <dd id={`import-${key}`}>{job[key]}</dd>
          </div>
        ))}
      </dl>
      {job.status === 'done' && (
        <p>
          <a href={hrefOf({ name: 'companies' })}>{t('import.toCompanies')}</a>
        </p>
      )}
      {job.errors.length > 0 && (
        <>
          <h3 id="import-errors-title">{t('import.errors')}</h3>
          {job.rejected > job.errors.length && <p className="muted">{t('import.errorsFirst', { shown: job.errors.length, total: job.rejected })}</p>}
          <div className="table-scroll" role="region" aria-labelledby="import-errors-title" tabIndex={0}>
            <table className="table">
              <caption className="visually-hidden">{t('import.errors')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('import.errorLine')}</th>
                  <th scope="col">{t('import.errorField')}</th>
                  <th scope="col">{t('import.errorMessage')}</th>
                </tr>
              </thead>
              <tbody>
                {job.errors.map((error, index) => (
                  <tr key={index}>
                    <th scope="row" className="number">
                      {error.line}
                    </th>
                    <td>{error.field}</td>
                    <td>{fieldErrorText(t, error)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
