/**
 * Điều kiện kết nạp: each organization's eligibility rule (age range, gender, veteran/employee,
 * maturity age, refuse or flag on breach) and rating scale. Everyone with access to the registry
 * reads them; only administrators change them (PUT /members/rules/:code is admin-only).
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Col, Drawer, Form, Grid, Input, Radio, Row, Select, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { RequirePermission, LoadError } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { useApiErrorHandler } from '../../../kernel/forms';
import { useRules, useSetRules, type OrgRules, type OrgRulesRow } from '../members.api';
import { GENDERS, MembersNav } from '../components/common';
import { NumberInput } from '../../../kernel/NumberInput';

type Level = { code: string; label: string };
type Values = {
  minAge?: number | null; maxAge?: number | null; gender?: (typeof GENDERS)[number] | null; requires?: 'veteran' | 'employee' | null;
  maturityAge?: number | null; onBreach: 'refuse' | 'flag'; ratingLevels: Level[];
};

export default function RulesPage() {
  const t = useT();
  const { me } = useAuth();
  const q = useRules();
  const [editing, setEditing] = useState<OrgRulesRow | null>(null);
  const admin = !!me?.isAdmin;
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const age = (r: OrgRules) => (r.minAge != null && r.maxAge != null ? t('members.rl.ageRange', { min: r.minAge, max: r.maxAge })
    : r.minAge != null ? t('members.rl.ageFrom', { min: r.minAge }) : r.maxAge != null ? t('members.rl.ageTo', { max: r.maxAge }) : dash);
  const columns = [
    { title: t('members.rl.organization'), dataIndex: 'organizationName', width: 120, fixed: 'left' as const, render: (v: string) => <b>{v}</b> },
    { title: t('members.rl.age'), key: 'age', width: 100, render: (_: unknown, r: OrgRulesRow) => age(r.rules) },
    { title: t('members.rl.gender'), key: 'gender', width: 80, render: (_: unknown, r: OrgRulesRow) => (r.rules.gender ? t(`members.gender.${r.rules.gender}`) : dash) },
    { title: t('members.rl.requires'), key: 'requires', width: 140, render: (_: unknown, r: OrgRulesRow) => (r.rules.requires ? t(`members.rl.requires.${r.rules.requires}`) : dash) },
    { title: t('members.rl.maturityAge'), key: 'maturity', width: 90, render: (_: unknown, r: OrgRulesRow) => r.rules.maturityAge ?? dash },
    { title: t('members.rl.onBreach'), key: 'breach', width: 140, render: (_: unknown, r: OrgRulesRow) => <Tag color={r.rules.onBreach === 'refuse' ? 'red' : 'gold'}>{t(`members.rl.onBreach.${r.rules.onBreach}`)}</Tag> },
    { title: t('members.rl.levels'), key: 'levels', width: 200, render: (_: unknown, r: OrgRulesRow) => (r.rules.ratingLevels ?? []).map((l, i) => <div key={l.code} style={{ fontSize: 12 }}>{i + 1}. {l.label}</div>) },
    ...(admin ? [{ title: '', key: 'edit', width: 80, render: (_: unknown, r: OrgRulesRow) => (
      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)} data-testid={`rule-edit-${r.organizationCode}`}>{t('common.edit')}</Button>) }] : []),
  ];
  return (
    <RequirePermission permission="members.aggregate">
      <MembersNav active="rules" />
      <Card size="small" title={t('members.rl.title')}>
        <Typography.Paragraph type="secondary">{t('members.rl.hint')}</Typography.Paragraph>
        {!admin ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('members.rl.adminOnly')} data-testid="rules-readonly" /> : null}
        {q.isError ? <LoadError error={q.error} onRetry={() => void q.refetch()} /> : (
          <Table<OrgRulesRow> rowKey="organizationCode" size="small" loading={q.isFetching} dataSource={q.data ?? []} columns={columns}
            pagination={false} scroll={{ x: 920 }} data-testid="rules-table" />
        )}
      </Card>
      {editing ? <RuleDrawer row={editing} onClose={() => setEditing(null)} /> : null}
    </RequirePermission>
  );
}

/** The edit form: the same bounds as the server's contract (ages 0–120, 2–8 levels), plus a coherent range and distinct level codes. */
function RuleDrawer({ row, onClose }: { row: OrgRulesRow; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const mobile = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<Values>();
  const save = useSetRules();
  const onError = useApiErrorHandler();
  const r = row.rules;
  const initial: Values = {
    minAge: r.minAge ?? null, maxAge: r.maxAge ?? null, gender: r.gender ?? null, requires: r.requires ?? null,
    maturityAge: r.maturityAge ?? null, onBreach: r.onBreach ?? 'flag', ratingLevels: (r.ratingLevels ?? []).map((l) => ({ ...l })),
  };
  const onFinish = async (v: Values) => {
    const rules: OrgRules = {
      minAge: v.minAge ?? null, maxAge: v.maxAge ?? null, gender: v.gender ?? null, requires: v.requires ?? null,
      maturityAge: v.maturityAge ?? null, onBreach: v.onBreach,
      ratingLevels: v.ratingLevels.map((l) => ({ code: l.code.trim(), label: l.label.trim() })),
    };
    try {
      await save.mutateAsync({ code: row.organizationCode, rules });
      message.success(t('members.rl.saved', { org: row.organizationName }));
      onClose();
    } catch (e) {
      onError(e, { form });
    }
  };
  const ageInput = (name: 'minAge' | 'maxAge' | 'maturityAge', label: string, extra?: string) => (
    <Form.Item name={name} label={label} extra={extra} rules={[{ type: 'integer', min: 0, max: 120, message: t('members.rl.ageBounds') }]}>
      <NumberInput kind="count" max={120} style={{ width: '100%' }} placeholder={t('members.rl.noLimit')} data-testid={`rule-${name}`} />
    </Form.Item>
  );
  return (
    <Drawer open title={t('members.rl.editTitle', { org: row.organizationName })} size={mobile ? '100%' : 560} onClose={onClose} destroyOnHidden
      extra={<Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="rule-save">{t('common.save')}</Button>}>
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={onFinish} data-testid="rule-form"
        onFinishFailed={() => message.error(t('form.fixErrors'))}>
        <Row gutter={12}>
          <Col xs={12}>{ageInput('minAge', t('members.rl.minAge'))}</Col>
          <Col xs={12}>
            <Form.Item name="maxAge" label={t('members.rl.maxAge')} dependencies={['minAge']} rules={[
              { type: 'integer', min: 0, max: 120, message: t('members.rl.ageBounds') },
              ({ getFieldValue }) => ({ validator: async (_, v) => { const min = getFieldValue('minAge'); if (v != null && min != null && v < min) throw new Error(t('members.rl.maxBelowMin')); } }),
            ]}>
              <NumberInput kind="count" max={120} style={{ width: '100%' }} placeholder={t('members.rl.noLimit')} data-testid="rule-maxAge" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="gender" label={t('members.rl.gender')}>
              <Select allowClear placeholder={t('members.rl.anyGender')} options={GENDERS.map((g) => ({ value: g, label: t(`members.gender.${g}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="requires" label={t('members.rl.requires')}>
              <Select allowClear placeholder={t('members.rl.requires.none')} options={(['veteran', 'employee'] as const).map((x) => ({ value: x, label: t(`members.rl.requires.${x}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24}>{ageInput('maturityAge', t('members.rl.maturityAge'), t('members.rl.maturityHint'))}</Col>
          <Col xs={24}>
            <Form.Item name="onBreach" label={t('members.rl.onBreach')} rules={[{ required: true, message: t('common.required') }]}>
              <Radio.Group options={(['refuse', 'flag'] as const).map((x) => ({ value: x, label: t(`members.rl.onBreach.${x}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('members.rl.levels')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('members.rl.levelsHint')}</Typography.Paragraph>
        <Form.List name="ratingLevels" rules={[{ validator: async (_, ls?: Level[]) => {
          if (!ls || ls.length < 2 || ls.length > 8) throw new Error(t('members.rl.levelsCount'));
          const codes = ls.map((l) => l?.code?.trim()).filter(Boolean);
          if (new Set(codes).size !== codes.length) throw new Error(t('members.rl.levelsDistinct'));
        } }]}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f) => (
                <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                  <Form.Item name={[f.name, 'code']} style={{ flex: '0 1 120px', minWidth: 0, marginBottom: 8 }}
                    rules={[{ required: true, whitespace: true, message: t('members.rl.codeRequired') }, { pattern: /^[a-z0-9_]{1,32}$/, message: t('members.rl.codeFormat') }]}>
                    <Input placeholder={t('members.rl.levelCode')} aria-label={t('members.rl.levelCode')} maxLength={32} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'label']} style={{ flex: '1 1 200px', minWidth: 0, marginBottom: 8 }} rules={[{ required: true, whitespace: true, message: t('members.rl.labelRequired') }]}>
                    <Input placeholder={t('members.rl.levelLabel')} aria-label={t('members.rl.levelLabel')} maxLength={100} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} disabled={fields.length <= 2} aria-label={t('common.remove')} />
                </div>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= 8} onClick={() => add({ code: '', label: '' })} style={{ marginTop: 4 }}>{t('members.rl.addLevel')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

