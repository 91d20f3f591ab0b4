import { useCallback, useEffect, useState } from 'react';
import { api, download } from '../api';
import { ChoiceForm } from '../components/choice-form';
import { type ApiFailure, asFailure, PageTitle, ProblemAlert, Status } from '../components/feedback';
import { ProgressBar } from '../components/progress';
import { useI18n } from '../i18n';
import { currentSession } from '../session';
import { ACTION_STATUSES, type Convention, type ConventionProgress, type ConventionReport, type ReportAction } from '../types';

/** Today in Europe/Paris, as the conventions service counts days. */
const parisToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

interface Loaded {
  convention: Convention;
  progress: ConventionProgress;
  report: ConventionReport;
}

async function load(conventionId: string): Promise<Loaded> {
  const [convention, progress] = await Promise.all([api<Convention>('GET', `/conventions/${conventionId}`), api<ConventionProgress>('GET', `/conventions/${conventionId}/progress`)]);
  // The report up to today gives the actions with their owner's name and whether they are overdue
  // (a convention that has not started yet: its first day).
  const today = parisToday();
  const to = today < convention.startsOn ? convention.startsOn : today;
  const report = await api<ConventionReport>('GET', `/conventions/${conventionId}/report?to=${to}`);
  return { convention, progress, report };
}

/** One action's status, changed with If-Match on the version read (the server says who may). */
function ActionStatusForm({ conventionId, action, onChanged, onFailure }: { conventionId: string; action: ReportAction; onChanged: (title: string) => void; onFailure: (failure: ApiFailure) => void }) {
  const { t } = useI18n();
  return (
    <ChoiceForm
      id={`action-${action.id}-status`}
      label={t('conventions.statusOf', { title: action.title })}
      choices={ACTION_STATUSES}
      current={action.status}
      labelOf={(status) => t(`conventions.status.${status}` as const)}
      submit={t('conventions.changeStatus')}
      subject={action.title}
      onSubmit={async (status) => {
        onFailure(null);
        try {
          await api('PATCH', `/conventions/${conventionId}/actions/${action.id}`, { body: { status }, headers: { 'if-match': `"${action.version}"` } });
          onChanged(action.title);
        } catch (error) {
          onFailure(asFailure(error));
        }
      }}
    />
  );
}

export function ConventionScreen({ conventionId }: { conventionId: string }) {
  const { t, formatDate } = useI18n();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<ApiFailure>(null);
  const [notice, setNotice] = useState('');
  const [downloading, setDownloading] = useState(false);

  const reload = useCallback(async () => {
    try {
      setLoaded(await load(conventionId));
    } catch (error) {
      setFailure(asFailure(error));
    }
  }, [conventionId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  async function downloadReport() {
    if (!loaded) return;
    setDownloading(true);
    setFailure(null);
    try {
      await download(`/conventions/${conventionId}/report?to=${loaded.report.to}`, 'text/csv', 'convention-report.csv');
    } catch (error) {
      setFailure(asFailure(error));
    } finally {
      setDownloading(false);
    }
  }

  const session = currentSession();
  const { convention, progress, report } = loaded ?? {};
  const mine = convention?.parties.find((party) => party.organizationId === session?.organization.id);
  // The server decides (403 otherwise); the form shows only where it would agree.
  const mayChange = (action: ReportAction) => session?.role === 'manager' && (mine?.role === 'signatory' || action.responsibleOrganizationId === session.organization.id);
  const overdue = report?.axes.flatMap((axis) => axis.actions).filter((action) => action.overdue) ?? [];

  return (
    <>
      <PageTitle>{convention ? convention.title : t('conventions.titleLoading')}</PageTitle>
      <ProblemAlert failure={failure} />
      {notice && <Status message={notice} />}
      {convention && progress && report ? (
        <>
          <section className="card" aria-labelledby="convention-about">
            <h2 id="convention-about">{t('conventions.about')}</h2>
            {convention.reference && <p className="muted">{convention.reference}</p>}
            <p>{t('conventions.period', { from: formatDate(convention.startsOn), to: formatDate(convention.endsOn) })}</p>
            <ul>
              {report.parties.map((party) => (
                <li key={party.organizationId}>
                  {party.name ?? t('company.unknown')} · {t(`conventions.role.${party.role}` as const)}
                </li>
              ))}
            </ul>
            <button type="button" onClick={() => void downloadReport()} disabled={downloading}>
              {t('conventions.downloadReport')}
            </button>
          </section>

          <section className="card" aria-labelledby="convention-indicators">
            <h2 id="convention-indicators">{t('conventions.indicators')}</h2>
            {progress.indicators.length === 0 ? (
              <p>{t('conventions.noIndicators')}</p>
            ) : (
              progress.indicators.map((indicator) => <ProgressBar key={indicator.id} label={indicator.label} value={indicator.value} target={indicator.target} />)
            )}
          </section>

          <section className="card" aria-labelledby="convention-overdue">
            <h2 id="convention-overdue">{t('conventions.overdue', { count: progress.actions.overdue })}</h2>
            {overdue.length === 0 ? (
              <p>{t('conventions.noneOverdue')}</p>
            ) : (
              <ul>
                {overdue.map((action) => (
                  <li key={action.id}>{t('conventions.overdueItem', { title: action.title, date: action.dueOn ? formatDate(action.dueOn) : '' })}</li>
                ))}
              </ul>
            )}
          </section>

          {report.axes
            .filter((axis) => axis.code !== null)
            .map((axis) => (
              <section key={axis.code} className="card" aria-labelledby={`axis-${axis.code}`}>
                <h2 id={`axis-${axis.code}`}>
                  {axis.code} · {axis.title}
                </h2>
                {axis.description && <p>{axis.description}</p>}
                {axis.actions.length === 0 ? (
                  <p>{t('conventions.noActions')}</p>
                ) : (
                  <table className="table">
                    <caption className="visually-hidden">{t('conventions.actionsOf', { axis: axis.title ?? axis.code ?? '' })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('conventions.action')}</th>
                        <th scope="col">{t('conventions.responsible')}</th>
                        <th scope="col">{t('conventions.dueOn')}</th>
                        <th scope="col">{t('conventions.status')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {axis.actions.map((action) => (
                        <tr key={action.id}>
                          <th scope="row">
                            {action.title}
                            {action.overdue && <span className="badge">{t('conventions.late')}</span>}
                          </th>
                          <td>{action.responsibleOrganizationName ?? t('company.unknown')}</td>
                          <td>{action.dueOn ? formatDate(action.dueOn) : '—'}</td>
                          <td>
                            {mayChange(action) ? (
                              <ActionStatusForm
                                key={`${action.id}:${action.version}`}
                                conventionId={conventionId}
                                action={action}
                                onFailure={setFailure}
                                onChanged={(title) => {
                                  setNotice(t('conventions.statusChanged', { title }));
                                  void reload();
                                }}
                              />
                            ) : (
                              t(`conventions.status.${action.status}` as const)
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            ))}
        </>
      ) : (
        !failure && <p>{t('app.loading')}</p>
      )}
    </>
  );
}
