import { useEffect, useState } from 'react';

// Hash routes (#/campaigns/…): the API lives at /api/v1 and the gateway serves only `/` and
// /assets/*, so no client route can ever shadow an API path or its 404 problem.
export type Route =
  | { name: 'campaigns' }
  | { name: 'call'; campaignId: string }
  | { name: 'campaignNew' }
  | { name: 'dashboard'; campaignId: string }
  | { name: 'callbacks' }
  | { name: 'conventions' }
  | { name: 'convention'; conventionId: string }
  | { name: 'offers' }
  | { name: 'companies'; query?: string }
  | { name: 'company'; companyId: string }
  | { name: 'companyImport'; importId?: string }
  | { name: 'members' }
  | { name: 'notFound' };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/campaigns';
  if (path === '/' || path === '/campaigns') return { name: 'campaigns' };
  if (path === '/callbacks') return { name: 'callbacks' };
  if (path === '/conventions') return { name: 'conventions' };
  if (path === '/campaigns/new') return { name: 'campaignNew' };
  if (path === '/offers') return { name: 'offers' };
  // The search's filters ride in the hash's query, so that the back button goes back to the last search.
  const companies = /^\/companies(?:\?(.*))?$/.exec(path);
  if (companies) return { name: 'companies', query: companies[1] || undefined };
  if (path === '/companies/import') return { name: 'companyImport' };
  const companyImport = new RegExp(`^/companies/import\\?id=(${UUID})$`, 'i').exec(path);
  if (companyImport) return { name: 'companyImport', importId: companyImport[1]! };
  const company = new RegExp(`^/companies/(${UUID})$`, 'i').exec(path);
  if (company) return { name: 'company', companyId: company[1]! };
  if (path === '/members') return { name: 'members' };
  const call = new RegExp(`^/campaigns/(${UUID})$`, 'i').exec(path);
  if (call) return { name: 'call', campaignId: call[1]! };
  const dashboard = new RegExp(`^/campaigns/(${UUID})/dashboard$`, 'i').exec(path);
  if (dashboard) return { name: 'dashboard', campaignId: dashboard[1]! };
  const convention = new RegExp(`^/conventions/(${UUID})$`, 'i').exec(path);
  if (convention) return { name: 'convention', conventionId: convention[1]! };
  return { name: 'notFound' };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'call':
      return `#/campaigns/${route.campaignId}`;
    case 'campaignNew':
      return '#/campaigns/new';
    case 'dashboard':
      return `#/campaigns/${route.campaignId}/dashboard`;
    case 'callbacks':
      return '#/callbacks';
    case 'conventions':
      return '#/conventions';
    case 'convention':
      return `#/conventions/${route.conventionId}`;
    case 'offers':
      return '#/offers';
    case 'companies':
      return route.query ? `#/companies?${route.query}` : '#/companies';
    case 'company':
      return `#/companies/${route.companyId}`;
    case 'companyImport':
      return route.importId ? `#/companies/import?id=${route.importId}` : '#/companies/import';
    case 'members':
      return '#/members';
    default:
      return '#/campaigns';
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
