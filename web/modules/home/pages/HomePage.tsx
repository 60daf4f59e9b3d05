import { Link } from '@tanstack/react-router';
import { Card, Col, Row, Space, Tag, Typography } from 'antd';
import { modules } from '../..';
import { useAuth } from '../../../kernel/auth';
import { useT } from '../../../kernel/i18n';
import { useCurrentUnit, useUnit } from '../../../kernel/units';

export default function HomePage() {
  const t = useT();
  const { me, can } = useAuth();
  const { unitId } = useCurrentUnit();
  const unit = useUnit(unitId);
  if (!me) return null;
  const shortcuts = modules.flatMap((m) => m.menu).filter((i) => i.path !== '/' && can(i.requires)).sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>{t('home.hello', { name: me.fullName })}</Typography.Title>
        <Typography.Text type="secondary">{t('home.intro')}</Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('home.myRoles')} size="small">
            <Space orientation="vertical" size={6}>
              {me.grants.map((g) => (
                <div key={g.id}>
                  <Tag color={g.role === 'admin' ? 'red' : 'blue'}>{t(`role.${g.role}`)}</Tag>
                  {g.unitName ?? t('home.allUnits')}
                </div>
              ))}
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('home.currentUnit')} size="small">
            {unit.data ? (
              <Space orientation="vertical" size={4}>
                <Typography.Text strong>{unit.data.name}</Typography.Text>
                <Typography.Text type="secondary">{unit.data.ancestors.map((a) => a.name).join(' › ')}</Typography.Text>
                <Link to="/units">{t('home.openUnit')}</Link>
              </Space>
            ) : <Typography.Text type="secondary">{t('layout.noUnit')}</Typography.Text>}
          </Card>
        </Col>
      </Row>
      <Card title={t('home.shortcuts')} size="small">
        <Row gutter={[12, 12]}>
          {shortcuts.map((s) => (
            <Col key={s.path} xs={12} sm={8} md={6}>
              <Link to={s.path}>
                <Card hoverable size="small" style={{ textAlign: 'center' }}>
                  <div style={{ fontSize: 22, color: '#1f4e9c' }}>{s.icon}</div>
                  <div>{t(s.labelKey)}</div>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      </Card>
    </Space>
  );
}
