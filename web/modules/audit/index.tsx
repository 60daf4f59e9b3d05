import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { AuditOutlined } from '@ant-design/icons';
import { defineWebModule } from '../../kernel/module';
import { defineMessages } from '../../kernel/i18n';

/** The audit page's strings; the labels of action and entity codes are in common/audit-labels.ts. */
const messages = defineMessages({
  'audit.menu': 'Nhật ký hệ thống',
  'audit.title': 'Nhật ký hệ thống',
  'audit.anyUnit': 'Mọi đơn vị (kể cả cấp dưới)',
  'audit.system': 'Hệ thống',
  'audit.filter.user': 'Người thực hiện',
  'audit.filter.entity': 'Loại đối tượng',
  'audit.filter.from': 'Từ ngày',
  'audit.filter.to': 'Đến ngày',
  'audit.col.at': 'Thời gian',
  'audit.col.actor': 'Người thực hiện',
  'audit.col.action': 'Thao tác',
  'audit.col.entity': 'Đối tượng',
  'audit.col.unit': 'Đơn vị',
  'audit.diff.field': 'Trường',
  'audit.diff.before': 'Trước',
  'audit.diff.after': 'Sau',
  'audit.diff.value': 'Giá trị',
}, {
  'audit.menu': 'Audit log',
  'audit.title': 'Audit log',
  'audit.anyUnit': 'Every unit (with those below)',
  'audit.system': 'System',
  'audit.filter.user': 'By user',
  'audit.filter.entity': 'Kind of record',
  'audit.filter.from': 'From',
  'audit.filter.to': 'To',
  'audit.col.at': 'Time',
  'audit.col.actor': 'User',
  'audit.col.action': 'Action',
  'audit.col.entity': 'Record',
  'audit.col.unit': 'Unit',
  'audit.diff.field': 'Field',
  'audit.diff.before': 'Before',
  'audit.diff.after': 'After',
  'audit.diff.value': 'Value',
});

export default defineWebModule({
  name: 'audit',
  menu: [{ path: '/audit', labelKey: 'audit.menu', icon: <AuditOutlined />, requires: 'audit.read', order: 910, usedBy: [{ roles: ['admin'] }] }],
  routes: (parent) => [
    createRoute({ getParentRoute: () => parent, path: 'audit', component: lazyRouteComponent(() => import('./pages/AuditPage')) }),
  ],
  messages,
});
