import { Alert, App, Button, Drawer, Form, Grid, Input, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useT } from '../../../kernel/i18n';
import { useApiErrorHandler, useRememberedForm } from '../../../kernel/forms';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { generatePassword, useCreateUser, type RoleCode } from '../users.api';
import { RoleSelect } from './RoleSelect';

type Values = {
  username: string; fullName: string; password: string; email?: string; phone?: string; locale: 'vi' | 'en';
  grants: { unitId?: number | null; role?: RoleCode }[];
};

export function CreateUserDrawer({ defaultUnitId, onClose }: { defaultUnitId?: number; onClose: (createdId?: number) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const mobile = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const draft = useRememberedForm<Values>('users.create', form, {
    defaults: { locale: 'vi', grants: [{ unitId: defaultUnitId ?? null, role: 'officer' }] },
  });

  const onFinish = async (v: Values) => {
    try {
      const u = await create.mutateAsync({
        username: v.username.trim().toLowerCase(),
        fullName: v.fullName.trim(),
        password: v.password,
        email: v.email?.trim() || null,
        phone: v.phone?.replace(/[\s.]/g, '') || null,
        locale: v.locale,
        grants: v.grants.filter((g) => g.unitId && g.role).map((g) => ({ unitId: g.unitId!, role: g.role! })),
      });
      draft.clear();
      message.success(t('users.created', { name: u.fullName }));
      onClose(u.id);
    } catch (e) {
      onError(e, { form });
    }
  };

  return (
    <Drawer
      open
      title={t('users.create')}
      size={mobile ? '100%' : 560}
      onClose={() => onClose()}
      destroyOnHidden
      extra={<Button type="primary" loading={create.isPending} onClick={() => form.submit()}>{t('common.create')}</Button>}
    >
      {draft.restored ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('form.draftRestored')}
          action={<Button size="small" onClick={() => { draft.clear(); form.resetFields(); form.setFieldsValue({ username: '', fullName: '', email: '', phone: '', grants: [{ unitId: defaultUnitId ?? null, role: 'officer' }] }); }}>{t('form.discardDraft')}</Button>} />
      ) : null}
      <Form<Values> form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={draft.onValuesChange} onFinish={onFinish} data-testid="user-create-form">
        <Form.Item name="fullName" label={t('users.field.fullName')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 2, message: t('form.minChars', { n: 2 }) }]}>
          <Input autoFocus maxLength={200} />
        </Form.Item>
        <Form.Item name="username" label={t('users.field.username')} extra={t('users.field.usernameHint')}
          rules={[{ required: true, message: t('common.required') }, { pattern: /^[a-zA-Z0-9][a-zA-Z0-9._-]{2,63}$/, message: t('users.field.usernameFormat') }]}>
          <Input autoCapitalize="none" autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item label={t('users.field.password')} required htmlFor="password">
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="password" noStyle rules={[{ required: true, message: t('common.required') }, { min: 8, message: t('users.field.passwordShort') }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button icon={<ThunderboltOutlined />} onClick={() => { form.setFieldsValue({ password: generatePassword() }); void form.validateFields(['password']); }} title={t('users.generatePassword')}>
              {mobile ? null : t('users.generatePassword')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="email" label={`${t('users.field.email')} ${t('common.optional')}`} rules={[{ type: 'email', message: t('users.field.emailFormat') }]}>
          <Input type="email" inputMode="email" maxLength={200} />
        </Form.Item>
        <Form.Item name="phone" label={`${t('users.field.phone')} ${t('common.optional')}`} rules={[{ pattern: /^0[\d\s.]{9,13}$/, message: t('users.field.phoneFormat') }]}>
          <Input inputMode="tel" maxLength={16} />
        </Form.Item>
        <Form.Item name="locale" label={t('users.field.locale')}>
          <Select options={[{ value: 'vi', label: t('lang.vi') }, { value: 'en', label: t('lang.en') }]} />
        </Form.Item>
        <div style={{ marginBottom: 8 }}>
          <Typography.Text type="danger" style={{ marginInlineEnd: 4 }}>*</Typography.Text>
          <Typography.Text>{t('users.grants')}</Typography.Text>
        </div>
        <Form.List name="grants" rules={[{ validator: async (_, g) => { if (!g || g.length < 1) throw new Error(t('users.grant.atLeastOne')); } }]}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f) => (
                <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: mobile ? 'wrap' : 'nowrap' }}>
                  <Form.Item name={[f.name, 'unitId']} rules={[{ required: true, message: t('users.grant.unitRequired') }]} style={{ flex: '1 1 220px', minWidth: 0, marginBottom: 8 }}>
                    <UnitPickerInput allowClear={false} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: t('common.required') }]} style={{ flex: '1 1 160px', marginBottom: 8 }}>
                    <RoleSelect />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} disabled={fields.length <= 1} aria-label={t('common.remove')} />
                </div>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'officer' })}>{t('users.grant.add')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
