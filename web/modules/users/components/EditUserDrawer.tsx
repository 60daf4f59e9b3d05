import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Divider, Drawer, Form, Grid, Input, Modal, Popconfirm, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, KeyOutlined, LockOutlined, PlusOutlined, ThunderboltOutlined, UnlockOutlined } from '@ant-design/icons';
import { useT } from '../../../kernel/i18n';
import { useAuth } from '../../../kernel/auth';
import { useApiErrorHandler } from '../../../kernel/forms';
import { LoadError } from '../../../kernel/guards';
import { UnitPickerInput } from '../../../kernel/UnitPicker';
import { formatDateTime } from '../../../kernel/format';
import { generatePassword, useAddGrant, useRemoveGrant, useUpdateUser, useUser, type RoleCode, type User } from '../users.api';
import { RoleSelect, RoleTag } from './RoleSelect';

type Values = { fullName: string; email?: string | null; phone?: string | null; locale: 'vi' | 'en' };

export function EditUserDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const t = useT();
  const mobile = !Grid.useBreakpoint().md;
  const q = useUser(id);
  return (
    <Drawer open title={q.data?.fullName ?? t('users.edit')} size={mobile ? '100%' : 600} onClose={onClose} destroyOnHidden>
      {q.isPending ? <Skeleton active /> : q.isError || !q.data ? <LoadError error={q.error} /> : <EditUser key={q.data.version} user={q.data} reload={() => q.refetch()} />}
    </Drawer>
  );
}

function EditUser({ user, reload }: { user: User; reload: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const { me, can } = useAuth();
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<Values>();
  const update = useUpdateUser(user.id);
  const addGrant = useAddGrant(user.id);
  const removeGrant = useRemoveGrant(user.id);
  const [pwOpen, setPwOpen] = useState(false);
  const [grantForm] = Form.useForm<{ unitId: number | null; role: RoleCode }>();
  const manage = can('users.manage');
  const locked = !!user.lockedUntil && new Date(user.lockedUntil) > new Date();

  const save = async (v: Values) => {
    try {
      await update.mutateAsync({ version: user.version, fullName: v.fullName.trim(), email: v.email?.trim() || null, phone: v.phone?.replace(/[\s.]/g, '') || null, locale: v.locale });
      message.success(t('common.saved'));
    } catch (e) {
      onError(e, { form, onReload: reload });
    }
  };
  const setActive = async (isActive: boolean) => {
    try {
      await update.mutateAsync({ version: user.version, isActive });
      message.success(isActive ? t('users.activated') : t('users.deactivated'));
    } catch (e) {
      onError(e, { onReload: reload });
    }
  };
  const onAddGrant = async (v: { unitId: number | null; role: RoleCode }) => {
    if (!v.unitId) return;
    try {
      await addGrant.mutateAsync({ unitId: v.unitId, role: v.role });
      grantForm.resetFields();
      message.success(t('users.grant.added'));
    } catch (e) {
      onError(e, { form: grantForm });
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="user-edit">
      <Descriptions size="small" column={1} items={[
        { key: 'u', label: t('users.field.username'), children: <Typography.Text copyable>{user.username}</Typography.Text> },
        { key: 's', label: t('common.status'), children: !user.isActive ? <Tag>{t('common.inactive')}</Tag> : locked ? <Tag color="orange">{t('users.lockedUntil', { at: formatDateTime(user.lockedUntil) })}</Tag> : <Tag color="green">{t('common.active')}</Tag> },
        { key: 'c', label: t('users.col.created'), children: formatDateTime(user.createdAt) },
        { key: 'l', label: t('users.col.lastLogin'), children: user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('users.never') },
      ]} />
      {manage ? (
        <Space wrap>
          <Button icon={<KeyOutlined />} onClick={() => setPwOpen(true)}>{t('users.resetPassword')}</Button>
          {user.isActive ? (
            <Popconfirm title={t('users.deactivateConfirm')} okText={t('users.deactivate')} cancelText={t('common.cancel')} onConfirm={() => setActive(false)} disabled={user.id === me?.id}>
              <Button danger icon={<LockOutlined />} disabled={user.id === me?.id}>{t('users.deactivate')}</Button>
            </Popconfirm>
          ) : (
            <Button icon={<UnlockOutlined />} onClick={() => setActive(true)}>{t('users.activate')}</Button>
          )}
        </Space>
      ) : null}
      <Card size="small" title={t('users.profile')}>
        <Form<Values> form={form} layout="vertical" disabled={!manage} onFinish={save}
          initialValues={{ fullName: user.fullName, email: user.email, phone: user.phone, locale: user.locale }}>
          <Form.Item name="fullName" label={t('users.field.fullName')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { min: 2, message: t('form.minChars', { n: 2 }) }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="email" label={t('users.field.email')} rules={[{ type: 'email', message: t('users.field.emailFormat') }]}>
            <Input type="email" maxLength={200} />
          </Form.Item>
          <Form.Item name="phone" label={t('users.field.phone')} rules={[{ pattern: /^0[\d\s.]{9,13}$/, message: t('users.field.phoneFormat') }]}>
            <Input inputMode="tel" maxLength={16} />
          </Form.Item>
          <Form.Item name="locale" label={t('users.field.locale')}>
            <Select options={[{ value: 'vi', label: t('lang.vi') }, { value: 'en', label: t('lang.en') }]} />
          </Form.Item>
          {manage ? <Button type="primary" htmlType="submit" loading={update.isPending}>{t('common.save')}</Button> : null}
        </Form>
      </Card>
      <Card size="small" title={t('users.grants')}>
        <Space orientation="vertical" style={{ width: '100%' }} size={6}>
          {user.grants.map((g) => (
            <div key={g.id} style={{ display: 'flex', alignItems: 'center', gap: 8 }} data-testid="grant-row">
              <div style={{ flex: 1, minWidth: 0 }}><RoleTag role={g.role} /> {g.unitName ?? t('users.allUnits')}</div>
              {manage ? (
                <Popconfirm title={t('users.grant.removeConfirm')} okText={t('common.remove')} cancelText={t('common.cancel')}
                  onConfirm={async () => { try { await removeGrant.mutateAsync(g.id); message.success(t('users.grant.removed')); } catch (e) { onError(e); } }}>
                  <Button size="small" icon={<DeleteOutlined />} aria-label={t('common.remove')} />
                </Popconfirm>
              ) : null}
            </div>
          ))}
        </Space>
        {manage ? (
          <>
            <Divider style={{ margin: '12px 0' }} />
            <Form form={grantForm} layout="vertical" onFinish={onAddGrant} initialValues={{ role: 'officer' }}>
              <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'flex-start' }}>
                <Form.Item name="unitId" label={t('users.grant.unit')} rules={[{ required: true, message: t('users.grant.unitRequired') }]} style={{ flex: '1 1 220px', minWidth: 0, marginBottom: 8 }}>
                  <UnitPickerInput allowClear={false} />
                </Form.Item>
                <Form.Item name="role" label={t('users.grant.role')} rules={[{ required: true }]} style={{ flex: '1 1 160px', marginBottom: 8 }}>
                  <RoleSelect />
                </Form.Item>
              </div>
              <Button htmlType="submit" icon={<PlusOutlined />} loading={addGrant.isPending}>{t('users.grant.add')}</Button>
            </Form>
          </>
        ) : null}
      </Card>
      {pwOpen ? <ResetPasswordModal user={user} onClose={() => setPwOpen(false)} reload={reload} /> : null}
    </Space>
  );
}

function ResetPasswordModal({ user, onClose, reload }: { user: User; onClose: () => void; reload: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<{ password: string }>();
  const update = useUpdateUser(user.id);
  const onFinish = async (v: { password: string }) => {
    try {
      await update.mutateAsync({ version: user.version, password: v.password });
      message.success(t('users.passwordReset'));
      onClose();
    } catch (e) {
      onError(e, { form, onReload: () => { reload(); onClose(); } });
    }
  };
  return (
    <Modal open title={t('users.resetPasswordFor', { name: user.fullName })} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={update.isPending} destroyOnHidden>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('users.resetPasswordHint')} />
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item label={t('users.field.newPassword')} required htmlFor="password">
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="password" noStyle rules={[{ required: true, message: t('common.required') }, { min: 8, message: t('users.field.passwordShort') }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button icon={<ThunderboltOutlined />} onClick={() => form.setFieldsValue({ password: generatePassword() })} title={t('users.generatePassword')} />
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}
