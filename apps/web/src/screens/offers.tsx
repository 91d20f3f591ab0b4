import { PageTitle } from '../components/feedback';
import { useI18n } from '../i18n';

/** The offers board: the offers the calls uncovered, by status. */
export function OffersScreen() {
  const { t } = useI18n();
  return <PageTitle>{t('offers.title')}</PageTitle>;
}
