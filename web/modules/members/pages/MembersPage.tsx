import { useMemo, useState } from 'react';
import { Link, useNavigate } from '@tanstack/react-router';
import { Alert, Button, Card, Col, Dropdown, Input, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, MoreOutlined, PlusOutlined, UploadOutlined, WarningOutlined } from '@ant-design/icons';
import type { MemberListQuery, MemberRow } from '../../../../common/members';
import { RequirePermission, LoadError } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { useCurrentUnit, useUnit } from '../../../kernel/units';
import { FilterBlock, usePhone } from '../../../kernel/FilterBlock';
import { formatDate, formatNumber } from '../../../kernel/format';
import { JobProgress, useJobParam } from '../../../kernel/jobs';
import { useApiErrorHandler } from '../../../kernel/forms';
import { startExport, useMemberList, useStats } from '../members.api';
import { GENDERS, MembersNav, memberWord, ROLES, STATUSES, StatusTag } from '../components/common';
import { NumberInput } from '../../../kernel/NumberInput';

type Filters = Pick<MemberListQuery, 'status' | 'sort'> & Partial<Pick<MemberListQuery, 'q' | 'role' | 'gender' | 'ageMin' | 'ageMax' | 'flagged' | 'maturing'>>;
const FILTER_KEY = 'dv.members.filters';

function loadFilters(): Filters {
  try { return { status: 'active', sort: 'name', ...JSON.parse(localStorage.getItem(FILTER_KEY) ?? '{}') }; } catch { return { status: 'active', sort: 'name' }; }
}

export default function MembersPage() {
  const t = useT();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { unitId } = useCurrentUnit();
  const [filters, setFiltersState] = useState<Filters>(loadFilters);
  const [search, setSearch] = useState(filters.q ?? '');
  const [page, setPage] = useState({ current: 1, size: 50 });
  const [exportJob, setExportJob] = useJobParam('export');
  const onError = useApiErrorHandler();
  const setFilters = (f: Filters) => {
    setFiltersState(f);
    setPage((p) => ({ ...p, current: 1 }));
    try { localStorage.setItem(FILTER_KEY, JSON.stringify({ ...f, q: undefined })); } catch { /* ignore */ }
  };
  const unit = useUnit(unitId);
  const org = unit.data?.organizationCode;
  // "Trưởng thành Đoàn" (leaving the Youth Union at 30) means nothing to the other organizations.
  const youth = org === 'DOAN';
  const query = useMemo(() => ({ ...filters, maturing: youth ? filters.maturing : undefined, unit: unitId, limit: page.size, offset: (page.current - 1) * page.size }), [filters, unitId, page, youth]);
  const list = useMemberList(query);
  const stats = useStats(unitId);
  const phone = usePhone();
  const word = memberWord(t, org);
  const activeFilters = [filters.role, filters.gender, filters.ageMin, filters.ageMax, youth ? filters.maturing : undefined, filters.flagged, filters.status !== 'active' ? filters.status : undefined]
    .filter((x) => x !== undefined && x !== null).length;
  const goNew = () => void navigate({ to: '/members/new', search: (p: Record<string, unknown>) => ({ unit: p.unit }) } as never);
  const goImport = () => void navigate({ to: '/members/import', search: (p: Record<string, unknown>) => ({ unit: p.unit }) } as never);
  const doExport = async () => {
    try { setExportJob((await startExport(query)).jobId); } catch (e) { onError(e); }
  };

  const columns = [
    { title: t('members.col.name'), dataIndex: 'fullName', key: 'name', render: (v: string, r: MemberRow) => (
      <Space size={4}>
        <Link to="/members/$id" params={{ id: String(r.id) }} data-testid="member-link">{v}</Link>
        {r.flags.length ? <Tooltip title={r.flags.map((f) => f.message).join('; ')}><WarningOutlined style={{ color: '#d48806' }} /></Tooltip> : null}
      </Space>) },
    { title: t('members.col.birth'), key: 'birth', width: 100, render: (_: unknown, r: MemberRow) => (r.birthDate ? formatDate(r.birthDate) : r.birthYear ?? (r.masked ? '•••' : '')) },
    { title: t('members.col.gender'), dataIndex: 'gender', width: 80, render: (g: string | null) => (g ? t(`members.gender.${g}`) : '') },
    { title: t('members.col.unit'), dataIndex: 'unitName', ellipsis: true, responsive: ['md' as const] },
    { title: t('members.col.cccd'), dataIndex: 'cccd', width: 140, responsive: ['lg' as const] },
    { title: t('members.col.phone'), dataIndex: 'phone', width: 120, responsive: ['lg' as const] },
    { title: t('members.col.joined'), dataIndex: 'joinedOn', width: 110, render: (d: string | null) => formatDate(d), responsive: ['md' as const] },
    { title: t('members.col.role'), dataIndex: 'role', width: 110, render: (r: string) => (r === 'member' ? t('members.role.member') : <Tag color="purple">{t(`members.role.${r}`)}</Tag>), responsive: ['sm' as const] },
    { title: t('members.col.status'), dataIndex: 'status', width: 130, render: (s: string) => <StatusTag status={s} /> },
  ];
  const data = list.data;
  const anyMasked = data?.rows.some((r) => r.masked);

  return (
    <RequirePermission permission="members.aggregate">
      <MembersNav active="list" />
      {unitId && stats.data && phone ? (
        // On a phone the five figures take one line or two, not a screen of cards.
        <Card size="small" style={{ marginBottom: 12 }} data-testid="member-stats">
          <Space wrap size={[12, 2]}>
            {(['memberships', 'people', 'joined', 'left', 'core'] as const).map((k) => (
              <span key={k}><Typography.Text type="secondary">{t(`members.stats.${k}`)}:</Typography.Text> <b>{formatNumber(stats.data[k])}</b></span>
            ))}
          </Space>
        </Card>
      ) : unitId && stats.data ? (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          {(['memberships', 'people', 'joined', 'left', 'core'] as const).map((k) => (
            <Col key={k} xs={12} sm={8} md={4}><Card size="small"><Statistic title={t(`members.stats.${k}`)} value={formatNumber(stats.data[k])} /></Card></Col>
          ))}
        </Row>
      ) : null}
      <Card size="small" title={<Space wrap>{word ? t('members.titleOf', { word }) : t('members.title')}{unitId && unit.data ? <Typography.Text type="secondary">— {unit.data.name}</Typography.Text> : null}</Space>}
        extra={phone ? <Space>
          {can('members.write') ? <Button icon={<PlusOutlined />} onClick={goNew} data-testid="member-new">{word ? t('members.newOf', { word }) : t('members.new')}</Button> : null}
          <Dropdown trigger={['click']} menu={{ items: [
            ...(can('members.write') ? [{ key: 'import', icon: <UploadOutlined />, label: t('members.import'), onClick: goImport }] : []),
            { key: 'export', icon: <DownloadOutlined />, label: t('members.export'), onClick: () => void doExport() },
          ] }}><Button icon={<MoreOutlined />} aria-label={t('members.more')} data-testid="member-more" /></Dropdown>
        </Space> : <Space wrap>
          {can('members.write') ? <Button icon={<PlusOutlined />} onClick={goNew} data-testid="member-new">{word ? t('members.newOf', { word }) : t('members.new')}</Button> : null}
          {can('members.write') ? <Button icon={<UploadOutlined />} onClick={goImport}>{t('members.import')}</Button> : null}
          <Button icon={<DownloadOutlined />} data-testid="member-export" onClick={() => void doExport()}>{t('members.export')}</Button>
        </Space>}>
        {!unitId ? <Alert type="info" showIcon title={t('members.chooseUnit')} style={{ marginBottom: 12 }} /> : null}
        <FilterBlock active={activeFilters} testId="member-filters" always={
          <Input.Search allowClear style={{ width: phone ? '100%' : 320, maxWidth: '100%', marginBottom: phone ? 0 : 12, marginInlineEnd: 8 }} placeholder={t('members.search')} value={search} data-testid="member-search"
            onChange={(e) => setSearch(e.target.value)} onSearch={(v) => setFilters({ ...filters, q: v || undefined })} />}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select style={{ width: 160 }} value={filters.status} onChange={(v) => setFilters({ ...filters, status: v })} aria-label={t('members.filter.status')}
            options={[...STATUSES.map((s) => ({ value: s, label: t(`members.status.${s}`) })), { value: 'all', label: t('members.filter.all') }]} />
          <Select allowClear style={{ width: 140 }} placeholder={t('members.filter.role')} value={filters.role} onChange={(v) => setFilters({ ...filters, role: v })}
            options={ROLES.map((r) => ({ value: r, label: t(`members.role.${r}`) }))} />
          <Select allowClear style={{ width: 110 }} placeholder={t('members.filter.gender')} value={filters.gender} onChange={(v) => setFilters({ ...filters, gender: v })}
            options={GENDERS.map((g) => ({ value: g, label: t(`members.gender.${g}`) }))} />
          <Space.Compact>
            <NumberInput compact kind="count" max={120} style={{ width: 90 }} placeholder={t('members.filter.ageMin')} value={filters.ageMin} onValue={(v) => setFilters({ ...filters, ageMin: v ?? undefined })} aria-label={t('members.filter.ageMin')} />
            <NumberInput compact kind="count" max={120} style={{ width: 70 }} placeholder={t('members.filter.ageMax')} value={filters.ageMax} onValue={(v) => setFilters({ ...filters, ageMax: v ?? undefined })} aria-label={t('members.filter.ageMax')} />
          </Space.Compact>
          {youth ? (
          <NumberInput compact kind="count" grouping={false} min={2000} max={2100} style={{ width: 190 }} placeholder={t('members.filter.maturing')} value={filters.maturing}
            onValue={(v) => setFilters({ ...filters, maturing: v ?? undefined })} aria-label={t('members.filter.maturing')} />
          ) : null}
          <Select style={{ width: 130 }} value={filters.flagged ?? 'false'} onChange={(v) => setFilters({ ...filters, flagged: v === 'true' ? 'true' : undefined })}
            options={[{ value: 'false', label: t('members.filter.all') }, { value: 'true', label: t('members.flagged') }]} />
        </Space>
        </FilterBlock>
        {exportJob ? <div style={{ marginBottom: 12 }}><JobProgress jobId={exportJob} title={t('members.exporting')} /></div> : null}
        {anyMasked ? <Alert type="warning" showIcon title={t('members.masked')} style={{ marginBottom: 12 }} /> : null}
        {list.isError ? <LoadError error={list.error} /> : (
          <Table<MemberRow> rowKey="id" size="small" loading={list.isFetching} dataSource={data?.rows ?? []} columns={columns} scroll={{ x: 640 }} data-testid="members-table"
            onChange={(_p, _f, s) => {
              const so = Array.isArray(s) ? s[0] : s;
              if (so?.columnKey === 'name') setFilters({ ...filters, sort: so.order === 'descend' ? '-name' : 'name' });
            }}
            pagination={{
              current: page.current, pageSize: page.size, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200],
              showTotal: () => (data?.totalCapped ? t('members.totalCapped', { n: formatNumber(data.total) }) : t('members.total', { n: formatNumber(data?.total ?? 0) })),
              onChange: (current, size) => setPage({ current, size }),
            }} />
        )}
      </Card>
    </RequirePermission>
  );
}
