/**
 * Xếp loại hằng năm: the unit's members rated for a year (row by row or for selected rows at once,
 * saved in one request), and the distribution per unit for that year. The unit is the current unit
 * (top bar, `?unit=`); the year is remembered per user.
 */
import { useState } from 'react';
import { Alert, Card, Space, Tabs } from 'antd';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { useCurrentUnit, UnitName } from '../../../kernel/units';
import { MembersNav } from '../components/common';
import { RatingSheet } from '../components/RatingSheet';
import { RatingDistribution } from '../components/RatingDistribution';
import { NumberInput } from '../../../kernel/NumberInput';

const yearKey = (userId: number | undefined) => `dv.members.ratingYear.${userId ?? 'anon'}`;

function useRememberedYear(): [number, (y: number) => void] {
  const { me } = useAuth();
  const [year, setYearState] = useState(() => {
    try {
      const y = Number(localStorage.getItem(yearKey(me?.id)));
      if (Number.isInteger(y) && y >= 2000 && y <= 2100) return y;
    } catch { /* private mode */ }
    return new Date().getFullYear();
  });
  const setYear = (y: number) => {
    setYearState(y);
    try { localStorage.setItem(yearKey(me?.id), String(y)); } catch { /* private mode */ }
  };
  return [year, setYear];
}

export default function RatingsPage() {
  const t = useT();
  const { unitId } = useCurrentUnit();
  const [year, setYear] = useRememberedYear();
  const [tab, setTab] = useState('sheet');
  return (
    <RequirePermission permission="members.aggregate">
      <MembersNav active="ratings" />
      <Card size="small" title={<Space wrap>{t('members.rs.title')}{unitId ? <span>— <UnitName id={unitId} /></span> : null}</Space>}
        extra={<NumberInput compact kind="count" grouping={false} min={2000} max={2100} value={year} onValue={(v) => v !== null && setYear(v)}
          prefix={t('members.f.year')} style={{ width: 130 }} aria-label={t('members.f.year')} data-testid="rating-year" />}>
        {!unitId ? <Alert type="info" showIcon title={t('members.chooseUnit')} /> : (
          <Tabs activeKey={tab} onChange={setTab} items={[
            // Keyed by unit and year: unsaved choices never carry over to another unit or year.
            { key: 'sheet', label: t('members.rs.tabSheet'), children: <RatingSheet key={`${unitId}-${year}`} unitId={unitId} year={year} /> },
            { key: 'distribution', label: t('members.rs.tabDistribution'), children: <RatingDistribution unitId={unitId} year={year} /> },
          ]} />
        )}
      </Card>
    </RequirePermission>
  );
}
