/** The legal clocks of a case: acceptance and resolution, with the due date, the basis and what is left. */
import { Space, Tag, Tooltip, Typography } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import type { Deadline } from '../../../../common/petitions';
import { useT } from '../../../kernel/i18n';
import { formatDate } from '../../../kernel/format';

const COLORS: Record<Deadline['state'], string> = { running: 'blue', near: 'orange', overdue: 'red', met: 'green', met_late: 'magenta' };

export function Clocks({ deadlines }: { deadlines: Deadline[] }) {
  const t = useT();
  if (!deadlines.length) return <Typography.Text type="secondary">{t('petitions.clock.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid="case-clocks">
      {deadlines.map((d) => (
        <div key={d.stage} style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
          <ClockCircleOutlined />
          <Typography.Text strong>{t(`petitions.clock.${d.stage}`)}:</Typography.Text>
          <Typography.Text>{formatDate(d.due)}</Typography.Text>
          <Tag color={COLORS[d.state]}>{t(`petitions.clock.state.${d.state}`)}</Tag>
          {d.remainingWorkingDays !== null ? (
            <Typography.Text type={d.remainingWorkingDays < 0 ? 'danger' : 'secondary'}>
              {d.remainingWorkingDays >= 0 ? t('petitions.clock.left', { n: d.remainingWorkingDays }) : t('petitions.clock.late', { n: -d.remainingWorkingDays })}
            </Typography.Text>
          ) : null}
          <Tooltip title={d.source}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              ({t(d.basis === 'working' ? 'petitions.clock.workingDays' : 'petitions.clock.calendarDays', { n: d.days })}{d.legal ? '' : `, ${t('petitions.clock.internal')}`})
            </Typography.Text>
          </Tooltip>
        </div>
      ))}
    </Space>
  );
}
