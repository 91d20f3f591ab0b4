import { PageTitle } from '../components/feedback';
import { useI18n } from '../i18n';

/** Company import: a CSV or SIRENE file, its progress and its row errors. */
export function CompanyImportScreen() {
  const { t } = useI18n();
  return <PageTitle>{t('import.title')}</PageTitle>;
}
