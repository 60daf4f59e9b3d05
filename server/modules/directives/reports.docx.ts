/**
 * A report as a .docx in the Party's document format (Hướng dẫn 36-HD/VPTW, 3/4/2018): Times New
 * Roman on A4; top right "ĐẢNG CỘNG SẢN VIỆT NAM" (capitals, 15, bold, a rule under it) and the
 * place and date (14, italic); top left the superior body (capitals 14), the issuer (capitals 14
 * bold), "*" and "Số 123-BC/…" with no colon; the document type (capitals 16 bold) and summary
 * (14 bold); the body in 14; "Nơi nhận:" (14, underlined) with its list in 12; the signature block
 * ("T/M BAN THƯỜNG VỤ", the signer's title and name).
 */
import {
  AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, VerticalAlign,
  PageNumber, Header, type ParagraphChild,
} from 'docx';
import type { ReportDraft, ReportTable } from '../../../common/directives';

const FONT = 'Times New Roman';
const pt = (n: number) => n * 2; // docx sizes are half-points
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const LINE = { style: BorderStyle.SINGLE, size: 6, color: '000000' } as const;

type RunOpts = { bold?: boolean; italics?: boolean; size?: number; underline?: boolean };
const run = (text: string, o: RunOpts = {}) =>
  new TextRun({ text, font: FONT, bold: o.bold, italics: o.italics, size: pt(o.size ?? 14), underline: o.underline ? {} : undefined });

const para = (children: ParagraphChild[] | string, o: RunOpts & { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; after?: number; before?: number; rule?: boolean } = {}) =>
  new Paragraph({
    children: typeof children === 'string' ? [run(children, o)] : children,
    alignment: o.align ?? AlignmentType.LEFT,
    indent: o.indent ? { firstLine: 567 } : o.rule ? { left: 1400, right: 1400 } : undefined,
    spacing: { before: o.before ?? 0, after: o.after ?? 0, line: 276 },
    border: o.rule ? { bottom: LINE } : undefined,
  });

const center = (text: string, o: RunOpts & { after?: number; rule?: boolean } = {}) => para(text, { ...o, align: AlignmentType.CENTER });

const longDate = (place: string, d: string) =>
  `${place ? place + ', ' : ''}ngày ${d.slice(8, 10)} tháng ${d.slice(5, 7)} năm ${d.slice(0, 4)}`;

const nf = new Intl.NumberFormat('vi-VN');
const cellText = (v: string | number | null) => (v === null ? '—' : typeof v === 'number' ? nf.format(v) : v);

function dataTable(t: ReportTable): Table {
  const head = new TableRow({
    tableHeader: true,
    children: t.columns.map((c) => new TableCell({ verticalAlign: VerticalAlign.CENTER, children: [para([run(c, { bold: true, size: 12 })], { align: AlignmentType.CENTER })] })),
  });
  const body = t.rows.map((r) => new TableRow({
    children: r.map((v) => new TableCell({
      children: [para([run(cellText(v), { size: 12, bold: r[0] === 'Tổng cộng' })], { align: typeof v === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT })],
    })),
  }));
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [head, ...body] });
}

export async function renderDocx(d: ReportDraft): Promise<Buffer> {
  const h = d.header;
  const numberLine = `Số ${h.number || '      '}-${h.symbol}`;
  const top = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({
      children: [
        new TableCell({
          width: { size: 45, type: WidthType.PERCENTAGE }, borders: NO_BORDERS,
          children: [
            ...(h.superiorBody ? [center(h.superiorBody)] : []),
            center(h.issuerName, { bold: true }),
            center('*'),
            center(numberLine),
          ],
        }),
        new TableCell({
          width: { size: 55, type: WidthType.PERCENTAGE }, borders: NO_BORDERS,
          children: [
            center('ĐẢNG CỘNG SẢN VIỆT NAM', { bold: true, size: 15, rule: true, after: 160 }),
            center(longDate(h.place, h.date), { italics: true }),
          ],
        }),
      ],
    })],
  });

  const body: (Paragraph | Table)[] = [];
  for (const s of d.sections) {
    if (!s.enabled) continue;
    if (s.title) body.push(para(s.title, { bold: true, before: 120, after: 120, align: AlignmentType.JUSTIFIED }));
    for (const line of s.text.split(/\n+/).map((x) => x.trim()).filter(Boolean)) {
      body.push(para(line, { indent: true, after: 120, align: AlignmentType.JUSTIFIED }));
    }
    for (const t of d.tables.filter((x) => x.section === s.key)) {
      body.push(para(t.title, { italics: true, bold: true, size: 13, before: 60, after: 60 }));
      if (t.rows.length === 0) body.push(para('(Không có số liệu trong kỳ)', { italics: true, size: 13, after: 120 }));
      else {
        body.push(dataTable(t));
        for (const n of t.notes ?? []) body.push(para(`(*) ${n}`, { italics: true, size: 12, before: 40, align: AlignmentType.JUSTIFIED }));
        body.push(para('', { after: 120 }));
      }
    }
  }

  const bottom = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({
      children: [
        new TableCell({
          width: { size: 50, type: WidthType.PERCENTAGE }, borders: NO_BORDERS,
          children: [
            para([run('Nơi nhận:', { underline: true })]),
            ...h.recipients.map((r) => para(`- ${r}`, { size: 12 })),
          ],
        }),
        new TableCell({
          width: { size: 50, type: WidthType.PERCENTAGE }, borders: NO_BORDERS,
          children: [
            center(h.onBehalf, { bold: true }),
            center(h.signerTitle, { bold: true }),
            center(''), center(''), center(''),
            center(h.signerName, { bold: true }),
          ],
        }),
      ],
    })],
  });

  const doc = new Document({
    creator: 'Dân Vận',
    title: `${h.docType} ${h.summary}`,
    styles: { default: { document: { run: { font: FONT, size: pt(14) } } } },
    sections: [{
      properties: {
        titlePage: true, // page numbers from page 2, centred at the top
        page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1701, right: 850 } },
      },
      headers: {
        default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: pt(14) })] })] }),
        first: new Header({ children: [new Paragraph({ children: [] })] }),
      },
      children: [
        top,
        para('', { after: 240 }),
        center(h.docType, { bold: true, size: 16 }),
        center(h.summary, { bold: true }),
        center('-----', { after: 240 }),
        ...body,
        para('', { after: 240 }),
        bottom,
      ],
    }],
  });
  return Packer.toBuffer(doc);
}
