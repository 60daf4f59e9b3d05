import { App, Alert, Button, Card, Form, Space } from 'antd';
import { useNavigate } from '@tanstack/react-router';
import { RequirePermission } from '../../../kernel/guards';
import { useT } from '../../../kernel/i18n';
import { useApiErrorHandler, useRememberedForm } from '../../../kernel/forms';
import { useCurrentUnit } from '../../../kernel/units';
import { useCreateMember } from '../members.api';
import { cleanValues, MemberFormFields, type MemberFormValues } from '../components/MemberForm';
import { MembersNav } from '../components/common';
import type { CreateMemberInput } from '../../../../common/members';

export default function MemberNewPage() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { unitId } = useCurrentUnit();
  const [form] = Form.useForm<MemberFormValues>();
  const draft = useRememberedForm<MemberFormValues>('members.create', form, { defaults: { role: 'member', unitId } });
  const create = useCreateMember();
  const onError = useApiErrorHandler();
  return (
    <RequirePermission permission="members.write">
      <MembersNav active="list" />
      <Card size="small" title={t('members.form.newTitle')}>
        {draft.restored ? <Alert type="info" showIcon title={t('members.form.draft')} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" initialValues={draft.initialValues} onValuesChange={draft.onValuesChange}
          onFinish={async (v) => {
            try {
              const m = await create.mutateAsync(cleanValues(v) as CreateMemberInput);
              draft.clear();
              message.success(t('members.form.saved'));
              void navigate({ to: '/members/$id', params: { id: String(m.id) } });
            } catch (e) { onError(e, { form }); }
          }}>
          <MemberFormFields form={form} withUnit />
          <Space><Button type="primary" htmlType="submit" loading={create.isPending} data-testid="member-save">{t('common.save')}</Button></Space>
        </Form>
      </Card>
    </RequirePermission>
  );
}
