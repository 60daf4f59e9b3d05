/** Test fixtures shared by the API tests and the browser test. */
import ExcelJS from 'exceljs';

/** The spreadsheet a branch keeps: title rows, mixed date forms, a TCVN3 name, a duplicate, a bad CCCD. */
export async function makeMemberFile(oldCommune: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DS');
  ws.addRow(['HỘI LHPN PHƯỜNG TAM KỲ']);
  ws.addRow(['DANH SÁCH HỘI VIÊN CHI HỘI KHỐI PHỐ 1 (cập nhật 2026)']);
  ws.addRow(['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Điện thoại', 'Địa chỉ', 'Ngày vào Hội']);
  ws.addRow([1, 'Nguyễn Thị Hoa', '05/03/1990', 'Nữ', '048190001234', null, 'Khối phố 1, phường Tam Kỳ', '10/01/2015']);
  ws.addRow([2, 'TrÇn ThÞ Mü', new Date(Date.UTC(1985, 6, 20)), 'Nữ', null, '0905111222', `Thôn 2, xã ${oldCommune}`, 2010]);
  ws.addRow([3, 'lê thị LAN', 1978, 'nữ', 49178001111, null, null, 40000]);
  ws.addRow([4, 'Nguyễn Thị Hoa', '05/03/1990', 'Nữ', '048190001234', '0905123456', null, '10/01/2015']);
  ws.addRow([5, 'Phạm Thị Bình', '12/12/1992', 'Nữ', '0481920', null, null, '2016']);
  ws.addRow([6, 'Trần Văn Nam', '01/01/1980', 'Nam', null, null, null, '2020']);
  ws.addRow([]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function multipart(name: string, data: Buffer, mime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
  const boundary = '----danvan' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

