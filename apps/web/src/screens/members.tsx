import { PageTitle } from '../components/feedback';
import { useI18n } from '../i18n';

/** Members and roles of the organisation (managers). */
export function MembersScreen() {
  const { t } = useI18n();
  return <PageTitle>{t('members.title')}</PageTitle>;
}
