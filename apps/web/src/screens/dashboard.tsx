import { lazy, type ReactNode, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, download } from '../api';
import type { BarSeries } from '../charts/bar-chart';
import { type ApiFailure, asFailure, PageTitle, ProblemAlert } from '../components/feedback';
import { ProgressBar } from '../components/progress';
import { TargetsByFilter } from './targets-filter';
import { useI18n } from '../i18n';
import { currentSession } from '../session';
import { CALL_OUTCOMES, type Campaign, type CampaignFigures } from '../types';

// Chart.js stays out of the first screen: its chunk loads when a dashboard opens.
const BarChart = lazy(() => import('../charts/bar-chart'));

/** A chart and the table that says the same numbers (the one assistive technologies read). */
function ChartFigure({ id, title, labels, series, horizontal }: { id: string; title: string; labels: string[]; series: BarSeries[]; horizontal?: boolean }) {
  const { t } = useI18n();
  return (
    <figure className="card chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        <h2>{title}</h2>
      </figcaption>
      <Suspense fallback={<p>{t('app.loading')}</p>}>
        <BarChart labels={labels} series={series} horizontal={horizontal} />
      </Suspense>
      <details>
        <summary>{t('dashboard.showTable', { title })}</summary>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <td />
              {series.map((entry) => (
                <th key={entry.label} scope="col">
                  {entry.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, row) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {series.map((entry) => (
                  <td key={entry.label}>{entry.values[row]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function Figure({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="figure">
      <dt id={`figure-${id}-label`}>{label}</dt>
      <dd id={`figure-${id}`} aria-labelledby={`figure-${id}-label`}>
        {children}
      </dd>
    </div>
  );
}

export function DashboardScreen({ campaignId }: { campaignId: string }) {
  const { t, formatDate } = useI18n();
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [figures, setFigures] = useState<CampaignFigures | null>(null);
  const [failure, setFailure] = useState<ApiFailure>(null);
  const [exporting, setExporting] = useState(false);
  const [activating, setActivating] = useState(false);

  const reload = useCallback(async () => {
    try {
      const [loadedCampaign, loadedFigures] = await Promise.all([api<Campaign>('GET', `/campaigns/${campaignId}`), api<CampaignFigures>('GET', `/campaigns/${campaignId}/dashboard`)]);
      setCampaign(loadedCampaign);
      setFigures(loadedFigures);
    } catch (error) {
      setFailure(asFailure(error));
    }
  }, [campaignId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  async function exportCalls() {
    setExporting(true);
    setFailure(null);
    try {
      await download(`/campaigns/${campaignId}/export.csv`, 'text/csv', 'calls.csv');
    } catch (error) {
      setFailure(asFailure(error));
    } finally {
      setExporting(false);
    }
  }

  /** A draft or paused campaign goes live: its queue opens to the callers (If-Match on the version read). */
  async function activate() {
    if (!campaign) return;
    setActivating(true);
    setFailure(null);
    try {
      setCampaign(await api<Campaign>('PATCH', `/campaigns/${campaignId}`, { body: { status: 'active' }, headers: { 'if-match': `"${campaign.version}"` } }));
    } catch (error) {
      setFailure(asFailure(error));
    } finally {
      setActivating(false);
    }
  }

  // Stable references: the chart redraws only when the figures change.
  const charts = useMemo(() => {
    if (!figures) return null;
    return {
      funnel: {
        labels: [t('dashboard.targets'), t('dashboard.contacted'), t('dashboard.reached'), t('dashboard.offers')],
        series: [{ label: t('dashboard.companies'), values: [figures.targets, figures.contacted, figures.reached, figures.offers.total] }],
      },
      outcomes: {
        labels: CALL_OUTCOMES.map((outcome) => t(`outcome.${outcome}` as const)),
        series: [{ label: t('dashboard.calls'), values: CALL_OUTCOMES.map((outcome) => figures.outcomes[outcome]) }],
      },
      byDay: {
        labels: figures.byDay.map((day) => formatDate(day.date)),
        series: [
          { label: t('dashboard.calls'), values: figures.byDay.map((day) => day.calls) },
          { label: t('dashboard.reached'), values: figures.byDay.map((day) => day.reached) },
        ],
      },
      byCaller: {
        labels: figures.byCaller.map((caller) => caller.name ?? t('dashboard.formerMember')),
        series: [
          { label: t('dashboard.calls'), values: figures.byCaller.map((caller) => caller.calls) },
          { label: t('dashboard.reached'), values: figures.byCaller.map((caller) => caller.reached) },
        ],
      },
    };
  }, [figures, t, formatDate]);

  return (
    <>
      <PageTitle>{campaign ? t('dashboard.title', { name: campaign.name }) : t('dashboard.titleLoading')}</PageTitle>
      <ProblemAlert failure={failure} />
      {figures && charts ? (
        <>
          <section className="card" aria-labelledby="dashboard-figures">
            <h2 id="dashboard-figures">{t('dashboard.figures')}</h2>
            {campaign && (
              <p id="campaign-status">
                {t('dashboard.statusLabel')} <strong>{t(`dashboard.status.${campaign.status}` as const)}</strong>
                {(campaign.status === 'draft' || campaign.status === 'paused') && currentSession()?.role === 'manager' && (
                  <button type="button" className="button-primary inline-button" onClick={() => void activate()} disabled={activating}>
                    {t('dashboard.activate')}
                  </button>
                )}
              </p>
            )}
            <dl className="figures">
              <Figure id="targets" label={t('dashboard.targets')}>{figures.targets}</Figure>
              <Figure id="contacted" label={t('dashboard.contacted')}>{figures.contacted}</Figure>
              <Figure id="reached" label={t('dashboard.reached')}>{figures.reached}</Figure>
              <Figure id="calls" label={t('dashboard.calls')}>{figures.calls}</Figure>
              <Figure id="offers" label={t('dashboard.offers')}>{figures.offers.total}</Figure>
              <Figure id="callbacks-due" label={t('dashboard.callbacksDue')}>{figures.callbacksDue}</Figure>
              <Figure id="callbacks-overdue" label={t('dashboard.callbacksOverdue')}>{figures.callbacksOverdue}</Figure>
            </dl>
            {figures.goal.companiesToContact === null ? (
              <p className="muted">{t('dashboard.noGoal')}</p>
            ) : (
              <ProgressBar label={t('dashboard.goal')} value={figures.contacted} target={figures.goal.companiesToContact} />
            )}
            <button type="button" onClick={() => void exportCalls()} disabled={exporting}>
              {t('dashboard.export')}
            </button>
          </section>
          {campaign && campaign.status !== 'closed' && currentSession()?.role === 'manager' && <TargetsByFilter campaignId={campaignId} onAdded={() => void reload()} />}
          <div className="charts">
            <ChartFigure id="chart-funnel" title={t('dashboard.funnel')} {...charts.funnel} />
            <ChartFigure id="chart-outcomes" title={t('dashboard.outcomes')} horizontal {...charts.outcomes} />
            <ChartFigure id="chart-days" title={t('dashboard.byDay')} {...charts.byDay} />
            <ChartFigure id="chart-callers" title={t('dashboard.byCaller')} horizontal {...charts.byCaller} />
          </div>
        </>
      ) : (
        !failure && <p>{t('app.loading')}</p>
      )}
    </>
  );
}
