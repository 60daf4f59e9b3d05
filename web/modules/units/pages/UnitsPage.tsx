import { Card, Col, Grid, Row } from 'antd';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { UnitPicker } from '../../../kernel/UnitPicker';
import { useCurrentUnit } from '../../../kernel/units';
import { UnitView } from '../components/UnitView';
import { ChildrenTable } from '../components/ChildrenTable';

/** The unit tree beside the current unit's page (on phones the tree is the header's unit picker). */
export default function UnitsPage() {
  const t = useT();
  const { unitId, setUnitId } = useCurrentUnit();
  const screens = Grid.useBreakpoint();
  const wide = !!screens.lg;
  return (
    <RequirePermission permission="units.read">
      <Row gutter={[16, 16]}>
        {wide ? (
          <Col lg={9} xl={8} xxl={7}>
            <Card size="small" title={t('units.tree')} style={{ position: 'sticky', top: 72 }}>
              <UnitPicker value={unitId} onChange={(id) => setUnitId(id)} height={Math.max(320, window.innerHeight - 230)} />
            </Card>
          </Col>
        ) : null}
        <Col xs={24} lg={15} xl={16} xxl={17}>
          {unitId ? (
            <UnitView key={unitId} id={unitId} onOpen={setUnitId} />
          ) : (
            <Card size="small" title={t('units.myUnits')}>
              <ChildrenTable parent={null} onOpen={setUnitId} filename={t('units.myUnits')} />
            </Card>
          )}
        </Col>
      </Row>
    </RequirePermission>
  );
}
