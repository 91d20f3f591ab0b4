import { useEffect, useState } from 'react';
import { api } from './api';
import { useI18n } from './i18n';
import { hrefOf, useRoute } from './router';
import { CallbacksScreen } from './screens/callbacks';
import { CallScreen } from './screens/call';
import { CampaignNewScreen } from './screens/campaign-new';
import { CampaignsScreen } from './screens/campaigns';
import { CompaniesScreen } from './screens/companies';
import { CompanyScreen } from './screens/company';
import { CompanyImportScreen } from './screens/company-import';
import { ConventionScreen } from './screens/convention';
import { ConventionsScreen } from './screens/conventions';
import { DashboardScreen } from './screens/dashboard';
import { LoginScreen } from './screens/login';
import { MembersScreen } from './screens/members';
import { NotFoundScreen } from './screens/not-found';
import { OffersScreen } from './screens/offers';
import { currentSession, onSessionChange, type Session, setSession } from './session';

export function App() {
  const { t, language, setLanguage } = useI18n();
  const route = useRoute();
  const [session, setSessionState] = useState<Session | null>(currentSession);
  const [expired, setExpired] = useState(false);

  useEffect(
    () =>
      onSessionChange((next, reason) => {
        setSessionState(next);
        setExpired(reason === 'expired');
      }),
    [],
  );

  async function logout() {
    const refreshToken = currentSession()?.refreshToken;
    try {
      if (refreshToken) await api('POST', '/auth/logout', { body: { refreshToken } });
    } catch {
      // Leaving anyway: the tokens expire on their own.
    }
    setSession(null, 'logout');
  }

  const languageToggle = (
    <button type="button" className="link-button" lang={language === 'fr' ? 'en' : 'fr'} aria-label={t('app.languageLabel')} onClick={() => setLanguage(language === 'fr' ? 'en' : 'fr')}>
      {t('app.language')}
    </button>
  );

  return (
    <>
      <a className="skip-link" href="#main" onClick={(event) => {
        // A hash link would change the route: move the focus instead.
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {t('app.skipToContent')}
      </a>
      <header className="top-bar">
        <span className="brand">{t('app.name')}</span>
        {session && (
          <nav aria-label={t('app.mainNav')}>
            <a href={hrefOf({ name: 'campaigns' })} aria-current={route.name === 'campaigns' || route.name === 'call' || route.name === 'dashboard' || route.name === 'campaignNew' ? 'page' : undefined}>
              {t('nav.campaigns')}
            </a>
            <a href={hrefOf({ name: 'callbacks' })} aria-current={route.name === 'callbacks' ? 'page' : undefined}>
              {t('nav.callbacks')}
            </a>
            <a href={hrefOf({ name: 'conventions' })} aria-current={route.name === 'conventions' || route.name === 'convention' ? 'page' : undefined}>
              {t('conventions.nav')}
            </a>
            <a href={hrefOf({ name: 'offers' })} aria-current={route.name === 'offers' ? 'page' : undefined}>
              {t('offers.nav')}
            </a>
            <a href={hrefOf({ name: 'companies' })} aria-current={route.name === 'companies' || route.name === 'company' || route.name === 'companyImport' ? 'page' : undefined}>
              {t('companies.nav')}
            </a>
            {session.role === 'manager' && (
              <a href={hrefOf({ name: 'members' })} aria-current={route.name === 'members' ? 'page' : undefined}>
                {t('members.nav')}
              </a>
            )}
          </nav>
        )}
        <div className="top-actions">
          {languageToggle}
          {session && (
            <button type="button" className="link-button" onClick={() => void logout()}>
              {t('app.logout')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {!session ? (
          <LoginScreen expired={expired} />
        ) : route.name === 'campaigns' ? (
          <CampaignsScreen />
        ) : route.name === 'call' ? (
          <CallScreen key={route.campaignId} campaignId={route.campaignId} />
        ) : route.name === 'campaignNew' ? (
          <CampaignNewScreen />
        ) : route.name === 'dashboard' ? (
          <DashboardScreen key={route.campaignId} campaignId={route.campaignId} />
        ) : route.name === 'conventions' ? (
          <ConventionsScreen />
        ) : route.name === 'convention' ? (
          <ConventionScreen key={route.conventionId} conventionId={route.conventionId} />
        ) : route.name === 'callbacks' ? (
          <CallbacksScreen />
        ) : route.name === 'offers' ? (
          <OffersScreen />
        ) : route.name === 'companies' ? (
          <CompaniesScreen query={route.query} />
        ) : route.name === 'company' ? (
          <CompanyScreen key={route.companyId} companyId={route.companyId} />
        ) : route.name === 'companyImport' ? (
          <CompanyImportScreen importId={route.importId} />
        ) : route.name === 'members' ? (
          <MembersScreen />
        ) : (
          <NotFoundScreen />
        )}
      </main>
    </>
  );
}
