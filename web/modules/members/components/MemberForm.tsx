/** The person + membership form, for a new member and for editing (same zod contract on the server). */
import { Checkbox, Col, ConfigProvider, DatePicker, Form, Input, Row, Select } from 'antd';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../../kernel/i18n';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { AreaPickerInput } from '../../../kernel/areas';
import { DATE_FORMAT } from '../../../kernel/format';
import { GENDERS, ROLES } from './common';
import { NumberInput } from '../../../kernel/NumberInput';

export type MemberFormValues = {
  fullName?: string; birthDate?: string | null; birthYear?: number | null; gender?: string | null; ethnicity?: string | null; religion?: string | null;
  cccd?: string | null; phone?: string | null; areaId?: number | null; address?: string | null; occupation?: string | null; employer?: string | null;
  education?: string | null; theoryLevel?: string | null; partyMember?: boolean; veteran?: boolean; unitId?: number; joinedOn?: string; cardNo?: string | null; role?: string;
};

/** Dates travel as YYYY-MM-DD strings; the picker shows dd/mm/yyyy. */
function DateInput({ value, onChange, id }: { value?: string | null; onChange?: (v: string | null) => void; id?: string }) {
  return <DatePicker id={id} style={{ width: '100%' }} format={DATE_FORMAT} value={value ? dayjs(value) : null} onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : null)} />;
}

/** The fields of the membership itself (the rest belong to the person). */
export const MEMBERSHIP_FIELDS: string[] = ['unitId', 'joinedOn', 'cardNo', 'role'];

/** `personLocked`: the person's own fields are shown but not editable (the person is shared with units out of reach). */
export function MemberFormFields({ form, withUnit, personLocked = false }: { form: FormInstance<MemberFormValues>; withUnit: boolean; personLocked?: boolean }) {
  const t = useT();
  void form;
  const col = { xs: 24, sm: 12, lg: 8 };
  const person = (
    <Row gutter={12}>
      <Col xs={24} lg={16}><Form.Item name="fullName" label={t('members.f.fullName')} rules={[{ required: true, min: 2 }]}><Input autoComplete="off" data-testid="f-fullName" /></Form.Item></Col>
      <Col {...col}><Form.Item name="gender" label={t('members.f.gender')}><Select allowClear options={GENDERS.map((g) => ({ value: g, label: t(`members.gender.${g}`) }))} data-testid="f-gender" /></Form.Item></Col>
      <Col {...col}><Form.Item name="birthDate" label={t('members.f.birthDate')}><DateInput /></Form.Item></Col>
      <Col {...col}><Form.Item name="birthYear" label={t('members.f.birthYear')}><NumberInput kind="count" grouping={false} min={1900} max={2100} style={{ width: '100%' }} /></Form.Item></Col>
      <Col {...col}><Form.Item name="cccd" label={t('members.f.cccd')}><Input inputMode="numeric" maxLength={12} data-testid="f-cccd" /></Form.Item></Col>
      <Col {...col}><Form.Item name="phone" label={t('members.f.phone')}><Input inputMode="tel" maxLength={12} /></Form.Item></Col>
      <Col {...col}><Form.Item name="ethnicity" label={t('members.f.ethnicity')}><Input /></Form.Item></Col>
      <Col {...col}><Form.Item name="religion" label={t('members.f.religion')}><Input /></Form.Item></Col>
      <Col xs={24} lg={8}><Form.Item name="areaId" label={t('members.f.area')}><AreaPickerInput selectableLevels={['commune', 'residential']} /></Form.Item></Col>
      <Col xs={24} lg={16}><Form.Item name="address" label={t('members.f.address')}><Input /></Form.Item></Col>
      <Col {...col}><Form.Item name="occupation" label={t('members.f.occupation')}><Input /></Form.Item></Col>
      <Col {...col}><Form.Item name="employer" label={t('members.f.employer')}><Input /></Form.Item></Col>
      <Col {...col}><Form.Item name="education" label={t('members.f.education')}><Input /></Form.Item></Col>
      <Col {...col}><Form.Item name="theoryLevel" label={t('members.f.theoryLevel')}><Select allowClear options={['Sơ cấp', 'Trung cấp', 'Cao cấp'].map((v) => ({ value: v, label: v }))} /></Form.Item></Col>
      <Col {...col}><Form.Item name="partyMember" valuePropName="checked" label=" "><Checkbox>{t('members.f.partyMember')}</Checkbox></Form.Item></Col>
      <Col {...col}><Form.Item name="veteran" valuePropName="checked" label=" "><Checkbox>{t('members.f.veteran')}</Checkbox></Form.Item></Col>
    </Row>
  );
  return (
    <Row gutter={12}>
      <Col span={24}><ConfigProvider componentDisabled={personLocked}>{person}</ConfigProvider></Col>
      {withUnit ? <Col xs={24} lg={16}><Form.Item name="unitId" label={t('members.f.unit')} rules={[{ required: true }]}><UnitPickerInput /></Form.Item></Col> : null}
      <Col {...col}><Form.Item name="joinedOn" label={t('members.f.joinedOn')} rules={[{ required: withUnit }]}><DateInput /></Form.Item></Col>
      <Col {...col}><Form.Item name="cardNo" label={t('members.f.cardNo')}><Input /></Form.Item></Col>
      <Col {...col}><Form.Item name="role" label={t('members.f.role')}><Select options={ROLES.map((r) => ({ value: r, label: t(`members.role.${r}`) }))} /></Form.Item></Col>
    </Row>
  );
}

/** Empty strings become null, so optional fields are cleared rather than sent as "". */
export function cleanValues(v: MemberFormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' && x.trim() === '' ? null : x;
  if (!out.birthDate) delete out.birthDate;
  if (out.birthYear == null) delete out.birthYear;
  return out;
}
