/**
 * Code-based routes: the root (with the app-wide `?unit=` search param, kept across links), the
 * login page, and the signed-in layout whose children are every web module's routes.
 */
import { createRootRoute, createRoute, createRouter, lazyRouteComponent, Outlet, retainSearchParams, type ErrorComponentProps } from '@tanstack/react-router';
import { Button, Result } from 'antd';
import { modules } from '../modules';
import { addMessages, useT } from '../kernel/i18n';
import { AppLayout, FullPageSpin } from '../kernel/layout/AppLayout';
import { NotFoundResult } from '../kernel/guards';

for (const m of modules) if (m.messages) addMessages(m.messages);

const toId = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

export type RootSearch = { unit?: number };

const rootRoute = createRootRoute({
  validateSearch: (s: Record<string, unknown>): RootSearch => {
    const unit = toId(s.unit);
    return unit ? { unit } : {};
  },
  search: { middlewares: [retainSearchParams<RootSearch>(['unit'])] },
  component: () => <Outlet />,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'login',
  validateSearch: (s: Record<string, unknown>): { redirect?: string } => (typeof s.redirect === 'string' ? { redirect: s.redirect } : {}),
  component: lazyRouteComponent(() => import('./LoginPage')),
});

export const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: AppLayout });

const routeTree = rootRoute.addChildren([
  loginRoute,
  ...modules.flatMap((m) => m.publicRoutes?.(rootRoute) ?? []),
  appRoute.addChildren(modules.flatMap((m) => m.routes(appRoute))),
]);

function RouteError({ error }: ErrorComponentProps) {
  const t = useT();
  return (
    <Result
      status="error"
      title={t('app.pageError')}
      subTitle={error instanceof Error ? error.message : undefined}
      extra={<Button type="primary" onClick={() => window.location.reload()}>{t('app.reloadPage')}</Button>}
    />
  );
}

export const router = createRouter({
  routeTree,
  defaultPreload: 'intent',
  defaultPendingComponent: FullPageSpin,
  defaultNotFoundComponent: () => <NotFoundResult message={undefined} />,
  defaultErrorComponent: RouteError,
  scrollRestoration: true,
});
