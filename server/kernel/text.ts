/** Vietnamese text helpers shared by every module. */

/** Lower-case, strip diacritics (đ → d), NFC-normalize: the JS twin of SQL f_fold(). */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().normalize('NFC');
}

/** A LIKE pattern matching the folded text anywhere, wildcards in the input escaped. */
export function foldSearch(q: string): string {
  return `%${fold(q.trim()).replace(/[\\%_]/g, (c) => '\\' + c).replace(/\s+/g, '%')}%`;
}

/** "nguyễn  THỊ hoa" → "Nguyễn Thị Hoa" (NFC, single spaces, each word capitalized). */
export function titleCaseName(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi')
    .split(' ').map((w) => w.charAt(0).toLocaleUpperCase('vi') + w.slice(1)).join(' ');
}
