/** Commune, then residential area: two selects over the public list of places (works without a login). */
import { Col, Row, Select } from 'antd';
import { useT } from '../../../kernel/i18n';
import { fold } from '../../../kernel/format';
import { usePublicAreas } from '../petitions.api';

const label = (a: { type: string; name: string }) => (a.name.toLowerCase().startsWith(a.type.toLowerCase()) ? a.name : `${a.type} ${a.name}`);
const filter = (input: string, option?: { label?: unknown }) => fold(String(option?.label ?? '')).includes(fold(input));

export function PlaceSelect({ commune, onCommune, area, onArea, idPrefix = 'place' }: {
  commune?: string; onCommune: (code?: string) => void; area?: string; onArea: (code?: string) => void; idPrefix?: string;
}) {
  const t = useT();
  const communes = usePublicAreas(undefined);
  const residential = usePublicAreas(commune ?? '');
  return (
    <Row gutter={[8, 8]}>
      <Col xs={24} sm={12}>
        <Select
          id={`${idPrefix}-commune`} data-testid="place-commune" showSearch allowClear style={{ width: '100%' }} value={commune}
          placeholder={t('petitions.form.commune')} loading={communes.isLoading} filterOption={filter}
          options={(communes.data ?? []).map((a) => ({ value: a.code, label: label(a) }))}
          onChange={(v) => { onCommune(v ?? undefined); onArea(undefined); }}
        />
      </Col>
      <Col xs={24} sm={12}>
        <Select
          id={`${idPrefix}-area`} data-testid="place-area" showSearch allowClear style={{ width: '100%' }} value={area} disabled={!commune || !(residential.data ?? []).length}
          placeholder={t('petitions.form.residential')} loading={!!commune && residential.isLoading} filterOption={filter}
          options={(residential.data ?? []).map((a) => ({ value: a.code, label: label(a) }))}
          onChange={(v) => onArea(v ?? undefined)}
        />
      </Col>
    </Row>
  );
}
