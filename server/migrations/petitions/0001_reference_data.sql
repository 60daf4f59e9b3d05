-- Case categories (lĩnh vực) and the official public-holiday calendars 2025–2027, as data: both are
-- edited by administrators afterwards (categories: deactivate/add; holidays: per year).
INSERT INTO case_categories (code, name_vi, name_en, sort_order) VALUES
  ('LAND', 'Đất đai, bồi thường, giải phóng mặt bằng', 'Land, compensation and site clearance', 10),
  ('ENV', 'Môi trường, ô nhiễm', 'Environment and pollution', 20),
  ('INFRA', 'Hạ tầng, giao thông, điện, nước', 'Infrastructure, roads, power, water', 30),
  ('SOCIAL', 'Chính sách xã hội, người có công, bảo trợ', 'Social policy and welfare', 40),
  ('ORDER', 'An ninh, trật tự, an toàn xã hội', 'Public order and safety', 50),
  ('OFFICIALS', 'Thái độ, trách nhiệm của cán bộ, công chức', 'Conduct of officials', 60),
  ('ADMIN', 'Thủ tục hành chính', 'Administrative procedures', 70),
  ('HEALTH_EDU', 'Y tế, giáo dục', 'Health and education', 80),
  ('ECONOMY', 'Sản xuất, kinh doanh, việc làm', 'Livelihoods, business and jobs', 90),
  ('OTHER', 'Lĩnh vực khác', 'Other', 999)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
-- kind: holiday = nghỉ lễ, Tết (Bộ luật Lao động 2019, Điều 112); compensatory = nghỉ bù / hoán đổi
-- (a weekday off); workday = a Saturday worked to make up for a swapped day. Checked: Tết and the
-- Hùng Kings' day against the lunar calendar (lunar.ts, tested); see docs/petitions.md for which
-- arrangements are official and which follow the Labour Code's default rule.
INSERT INTO case_holidays (day, kind, name) VALUES
  ('2025-01-01', 'holiday', 'Tết Dương lịch'),
  ('2025-01-27', 'compensatory', 'Nghỉ bù Tết Nguyên đán (01/02 trùng thứ Bảy)'),
  ('2025-01-28', 'holiday', 'Tết Nguyên đán (29 tháng Chạp)'),
  ('2025-01-29', 'holiday', 'Tết Nguyên đán (mùng 1)'),
  ('2025-01-30', 'holiday', 'Tết Nguyên đán (mùng 2)'),
  ('2025-01-31', 'holiday', 'Tết Nguyên đán (mùng 3)'),
  ('2025-02-01', 'holiday', 'Tết Nguyên đán (mùng 4)'),
  ('2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
  ('2025-04-26', 'workday', 'Làm bù cho ngày 02/5'),
  ('2025-04-30', 'holiday', 'Ngày Chiến thắng 30/4'),
  ('2025-05-01', 'holiday', 'Ngày Quốc tế Lao động'),
  ('2025-05-02', 'compensatory', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)'),
  ('2025-09-01', 'holiday', 'Quốc khánh (ngày liền kề)'),
  ('2025-09-02', 'holiday', 'Quốc khánh'),
  ('2026-01-01', 'holiday', 'Tết Dương lịch'),
  ('2026-02-16', 'holiday', 'Tết Nguyên đán (29 tháng Chạp)'),
  ('2026-02-17', 'holiday', 'Tết Nguyên đán (mùng 1)'),
  ('2026-02-18', 'holiday', 'Tết Nguyên đán (mùng 2)'),
  ('2026-02-19', 'holiday', 'Tết Nguyên đán (mùng 3)'),
  ('2026-02-20', 'holiday', 'Tết Nguyên đán (mùng 4)'),
  ('2026-04-26', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
  ('2026-04-27', 'compensatory', 'Nghỉ bù Giỗ Tổ Hùng Vương (trùng Chủ nhật)'),
  ('2026-04-30', 'holiday', 'Ngày Chiến thắng 30/4'),
  ('2026-05-01', 'holiday', 'Ngày Quốc tế Lao động'),
  ('2026-09-01', 'holiday', 'Quốc khánh (ngày liền kề)'),
  ('2026-09-02', 'holiday', 'Quốc khánh'),
  ('2027-01-01', 'holiday', 'Tết Dương lịch'),
  ('2027-02-05', 'holiday', 'Tết Nguyên đán (30 tháng Chạp)'),
  ('2027-02-06', 'holiday', 'Tết Nguyên đán (mùng 1)'),
  ('2027-02-07', 'holiday', 'Tết Nguyên đán (mùng 2)'),
  ('2027-02-08', 'holiday', 'Tết Nguyên đán (mùng 3)'),
  ('2027-02-09', 'holiday', 'Tết Nguyên đán (mùng 4)'),
  ('2027-02-10', 'compensatory', 'Nghỉ bù Tết (mùng 1 trùng thứ Bảy)'),
  ('2027-02-11', 'compensatory', 'Nghỉ bù Tết (mùng 2 trùng Chủ nhật)'),
  ('2027-04-16', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
  ('2027-04-30', 'holiday', 'Ngày Chiến thắng 30/4'),
  ('2027-05-01', 'holiday', 'Ngày Quốc tế Lao động'),
  ('2027-05-03', 'compensatory', 'Nghỉ bù 01/5 (trùng thứ Bảy)'),
  ('2027-09-02', 'holiday', 'Quốc khánh'),
  ('2027-09-03', 'holiday', 'Quốc khánh (ngày liền kề)')
ON CONFLICT (day) DO NOTHING;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cases_text_trgm ON cases USING gin (f_fold(text) gin_trgm_ops);
