import { PageTitle } from '../components/feedback';
import { useI18n } from '../i18n';

/** Company search with the registry's filters. */
export function CompaniesScreen() {
  const { t } = useI18n();
  return <PageTitle>{t('companies.title')}</PageTitle>;
}
