import type { ConventionReport, ReportAction, ReportAxis, ReportIndicator } from '@app/contracts';
import type { CsvColumn } from '@app/platform';

/** One line of the report's CSV file: an action or an indicator, under its axis. */
export type ReportLine = { axis: ReportAxis } & ({ kind: 'action'; action: ReportAction } | { kind: 'indicator'; indicator: ReportIndicator });

const action = (line: ReportLine) => (line.kind === 'action' ? line.action : null);
const indicator = (line: ReportLine) => (line.kind === 'indicator' ? line.indicator : null);

/** The report as a spreadsheet reads it: one line per action, then per indicator, axis by axis. */
export const REPORT_COLUMNS: readonly CsvColumn<ReportLine>[] = [
  { header: 'axisCode', value: ({ axis }) => axis.code },
  { header: 'axisTitle', value: ({ axis }) => axis.title },
  { header: 'kind', value: (line) => line.kind },
  { header: 'id', value: (line) => action(line)?.id ?? indicator(line)!.id },
  { header: 'title', value: (line) => action(line)?.title ?? indicator(line)!.label },
  { header: 'owner', value: (line) => action(line)?.responsibleOrganizationName ?? null },
  { header: 'status', value: (line) => action(line)?.status ?? null },
  { header: 'dueOn', value: (line) => action(line)?.dueOn ?? null },
  { header: 'overdue', value: (line) => (line.kind === 'action' ? String(line.action.overdue) : null) },
  { header: 'metric', value: (line) => indicator(line)?.metric ?? null },
  { header: 'target', value: (line) => indicator(line)?.target ?? null },
  { header: 'valueAtPeriodEnd', value: (line) => indicator(line)?.value ?? null },
  { header: 'ratio', value: (line) => indicator(line)?.ratio ?? null },
  { header: 'changeInPeriod', value: (line) => indicator(line)?.changeInPeriod ?? null },
];

export function reportLines(report: ConventionReport): ReportLine[] {
  return report.axes.flatMap((axis) => [
    ...axis.actions.map((entry): ReportLine => ({ axis, kind: 'action', action: entry })),
    ...axis.indicators.map((entry): ReportLine => ({ axis, kind: 'indicator', indicator: entry })),
  ]);
}
