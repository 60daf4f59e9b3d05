/**
 * The signed-in shell: side menu of the modules (a drawer on phones) — what the user's roles use day
 * to day first, the rest under "More" —, a header with the current unit (the user's own unit until
 * another is picked), the language switch, the notification bell and the user menu; the page below.
 * Redirects to /login when signed out.
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate, useRouter } from '@tanstack/react-router';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Spin, Typography } from 'antd';
import { ApartmentOutlined, AppstoreOutlined, DownOutlined, LogoutOutlined, MenuOutlined, ScheduleOutlined, UserOutlined } from '@ant-design/icons';
import { modules } from '../../modules';
import { useAuth } from '../auth';
import { useT } from '../i18n';
import { UnitName, useCurrentUnit, useRestoreCurrentUnit } from '../units';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';
import { NotificationBell } from './NotificationBell';
import { usedDaily, useShell } from '../shell';

// The tree (antd Tree, dialogs) loads when the picker is first opened, not with the shell.
const UnitPicker = lazy(() => import('../UnitPicker').then((m) => ({ default: m.UnitPicker })));

export function FullPageSpin() {
  return <div style={{ display: 'flex', height: '60vh', alignItems: 'center', justifyContent: 'center' }}><Spin size="large" /></div>;
}

const MORE = 'more';

/** The items the user may open: those their roles use day to day, then the others (under "More"). */
function useMenuItems() {
  const { me, can } = useAuth();
  const { shell, ready } = useShell();
  const t = useT();
  return useMemo(() => {
    const all = modules
      .flatMap((m) => m.menu)
      .filter((i) => can(i.requires))
      .sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
    // Until the grants' kinds are known every item is listed flat, so nothing is out of reach.
    const daily = shell ? all.filter((i) => usedDaily(i, shell.uses, !!me?.isAdmin)) : all;
    const more = all.filter((i) => !daily.includes(i));
    const entry = (i: (typeof all)[number]) => ({ key: i.path, icon: i.icon, label: t(i.labelKey) });
    return { daily: daily.map(entry), more: more.map(entry), ready };
  }, [me?.isAdmin, can, shell, ready, t]);
}

function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { daily, more, ready } = useMenuItems();
  const location = useLocation();
  const navigate = useNavigate();
  const path = location.pathname;
  const flat = [...daily, ...more];
  const selected = flat
    .map((i) => i.key)
    .filter((k) => k === '/' ? path === '/' : path === k || path.startsWith(k + '/'))
    .sort((a, b) => b.length - a.length)[0];
  const title = flat.find((i) => i.key === selected)?.label;
  const t = useT();
  useEffect(() => {
    document.title = title && selected !== '/' ? `${title} · ${t('app.name')}` : t('app.name');
  }, [title, selected, t]);
  const inMore = !!selected && more.some((i) => i.key === selected);
  const [open, setOpen] = useState<string[]>(inMore ? [MORE] : []);
  useEffect(() => { if (inMore) setOpen((o) => (o.includes(MORE) ? o : [...o, MORE])); }, [inMore]);
  const items = more.length
    ? [...daily, { key: MORE, icon: <AppstoreOutlined />, label: <span data-testid="menu-more">{t('layout.more')}</span>, children: more }]
    : daily;
  return (
    <Menu
      mode="inline"
      items={items}
      openKeys={open}
      onOpenChange={setOpen}
      selectedKeys={selected ? [selected] : []}
      onClick={({ key }) => { void navigate({ to: key }); onNavigate?.(); }}
      style={{ borderInlineEnd: 'none' }}
      data-testid="side-menu"
      data-ready={ready ? 'true' : 'false'}
    />
  );
}

function CurrentUnitButton({ mobile }: { mobile: boolean }) {
  const t = useT();
  const { unitId, setUnitId } = useCurrentUnit();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} icon={<ApartmentOutlined />} className="dv-unit-button" data-testid="current-unit" title={t('layout.pickUnit')}>
        <Typography.Text ellipsis style={{ maxWidth: mobile ? 'calc(100vw - 262px)' : 340 }}>
          {unitId ? <UnitName id={unitId} /> : t('layout.pickUnit')}
        </Typography.Text>
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('layout.pickUnit')}
        placement={mobile ? 'bottom' : 'right'}
        size={mobile ? '88%' : 440}
        destroyOnHidden
      >
        <Suspense fallback={<Spin />}>
          <UnitPicker
            autoFocus={!mobile}
            value={unitId}
            height={Math.max(260, window.innerHeight - (mobile ? 260 : 190))}
            onChange={(id) => { setUnitId(id); setOpen(false); }}
          />
        </Suspense>
      </Drawer>
    </>
  );
}

function UserMenu({ mobile }: { mobile: boolean }) {
  const { me, logout } = useAuth();
  const t = useT();
  const navigate = useNavigate();
  if (!me) return null;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'name', label: <Typography.Text strong>{me.fullName}</Typography.Text>, disabled: true },
          { type: 'divider' },
          { key: '/profile', icon: <UserOutlined />, label: t('layout.profile') },
          { key: '/jobs', icon: <ScheduleOutlined />, label: t('layout.jobs') },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('layout.logout'), danger: true },
        ],
        onClick: async ({ key }) => {
          if (key === 'logout') {
            await logout();
            void navigate({ to: '/login', search: {} as never });
          } else void navigate({ to: key });
        },
      }}
    >
      <Button type="text" data-testid="user-menu" style={{ paddingInline: 6 }}>
        <Avatar size="small" style={{ background: '#1f4e9c' }}>{(me.fullName.trim().split(/\s+/).pop()?.[0] ?? '?').toUpperCase()}</Avatar>
        {mobile ? null : <span style={{ marginLeft: 6 }}>{me.fullName}</span>}
      </Button>
    </Dropdown>
  );
}

export function AppLayout() {
  const { me, loading } = useAuth();
  const t = useT();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const [collapsed, setCollapsed] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const router = useRouter();
  const { shell } = useShell();
  useRestoreCurrentUnit(shell?.homeUnitId);
  // Signed out (never signed in, logged out, session expired): to the login page, then back here.
  const signedOut = !loading && !me;
  useEffect(() => {
    if (!signedOut) return;
    const here = router.state.location.href;
    if (here.startsWith('/login')) return;
    void router.navigate({ to: '/login', search: { redirect: here } as never, replace: true });
  }, [signedOut, router]);

  if (!me) return <FullPageSpin />;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile ? (
        <Layout.Sider theme="light" collapsible collapsed={collapsed} onCollapse={setCollapsed} width={236} breakpoint="lg" className="dv-sider">
          <Logo collapsed={collapsed} />
          <SideMenu />
        </Layout.Sider>
      ) : null}
      <Layout>
        <Layout.Header className="dv-header">
          {mobile ? (
            <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawer(true)} aria-label={t('layout.openMenu')} data-testid="menu-button" />
          ) : null}
          <CurrentUnitButton mobile={mobile} />
          <div style={{ flex: 1 }} />
          <LanguageSwitch compact />
          <NotificationBell />
          <UserMenu mobile={mobile} />
        </Layout.Header>
        <Layout.Content className={mobile ? 'dv-content dv-content-mobile' : 'dv-content'}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      {mobile ? (
        <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" size={272} title={<Logo inline />} styles={{ body: { padding: 0 } }} data-testid="menu-drawer">
          <SideMenu onNavigate={() => setDrawer(false)} />
        </Drawer>
      ) : null}
    </Layout>
  );
}
