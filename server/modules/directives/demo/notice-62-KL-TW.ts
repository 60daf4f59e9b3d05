/**
 * The founding notice, as published: the conclusions of the Quảng Nam Provincial Party Committee's
 * Standing Office on the five-year review (2009–2014) of Conclusion 62-KL/TW. The copy carries no
 * number or date of its own (the conference was held on 27/11/2014). Quảng Nam is part of Đà Nẵng
 * since 2025, so the demo loads it as a directive of the city's Party committee.
 */
export const NOTICE_62_TEXT = `THÔNG BÁO

KẾT LUẬN CỦA THƯỜNG TRỰC TỈNH ỦY

tại Hội nghị sơ kết 05 năm (2009 - 2014) thực hiện Kết luận số 62-KL/TW của Bộ Chính trị (khóa X) về tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội

Ngày 27/11/2014, đồng chí Dương Văn An - Phó Bí thư Tỉnh ủy chủ trì Hội nghị sơ kết 05 năm (2009 - 2014) thực hiện Kết luận số 62-KL/TW, ngày 08/12/2009 của Bộ Chính trị (khóa X) về tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội. Sau khi nghe báo cáo và các ý kiến phát biểu tại Hội nghị; đồng chí Phó Bí thư Tỉnh ủy đã kết luận:

I- Về đánh giá kết quả 05 năm thực hiện Kết luận số 62-KL/TW của Bộ Chính trị (khóa X)

Trong lịch sử của cách mạng Việt Nam, Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội có vai trò rất quan trọng trong việc động viên, tập hợp các tầng lớp nhân dân thực hiện thắng lợi các cuộc kháng chiến chống ngoại xâm, đấu tranh thống nhất nước nhà, xây dựng và bảo vệ vững chắc thành quả cách mạng Việt Nam. Hiến pháp năm 2013 đã hiến định vị trí, vai trò của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội trong hệ thống chính trị. Do đó, đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội là tất yếu, nhằm đáp ứng những yêu cầu của sự nghiệp phát triển đất nước và xuất phát từ nhu cầu, nguyện vọng của quần chúng, đoàn viên, hội viên.

Sau 05 năm thực hiện Kết luận số 62-KL/TW của Bộ Chính trị (khóa X), nhìn chung, việc đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội trên địa bàn tỉnh đã được các cấp ủy, tổ chức Đảng, Mặt trận Tổ quốc Việt Nam và từng đoàn thể chính trị - xã hội quan tâm lãnh đạo, chỉ đạo, triển khai thực hiện đạt kết quả; nổi rõ là:

1. Chất lượng các cuộc vận động, các phong trào thi đua yêu nước trên các lĩnh vực của đời sống xã hội từng bước được nâng lên, ngày càng hướng mạnh về cơ sở, góp phần chăm lo và bảo vệ lợi ích hợp pháp, chính đáng của đoàn viên, hội viên và nhân dân, giải quyết những vấn đề khó khăn, phức tạp ở địa bàn

dân cư. Thông qua các phong trào, đã huy động được nguồn lực lớn hỗ trợ nhân dân phát triển kinh tế, chăm lo, giúp đỡ các gia đình chính sách, thương binh liệt sỹ, người nghèo, xây dựng hạ tầng nông thôn...

2. Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội ngày càng có nhiều biện pháp, cách làm sáng tạo trong công tác dân vận; các hình thức tập hợp nhân dân ngày càng phong phú, đa dạng, tạo thêm sắc màu trong cuộc sống của nhân dân, làm thắm thêm tình làng nghĩa xóm, góp phần tiếp tục xây dựng và củng cố vững chắc khối đại đoàn kết toàn dân tộc.

3. Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội đã tích cực xây dựng và thực hiện các quy chế, chương trình phối hợp với chính quyền, các cơ quan, ban ngành các cấp, tạo thêm sự thống nhất, đồng bộ, xây dựng niềm tin; từ đó động viên đoàn viên, hội viên và các tầng lớp nhân dân tích cực tham gia phát triển kinh tế - xã hội, giữ vững quốc phòng an ninh, tham gia xây dựng Đảng, chính quyền ngày càng trong sạch, vững mạnh.

4. Tổ chức, bộ máy Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội các cấp thường xuyên được củng cố. Đội ngũ cán bộ nhìn chung đạt chuẩn về trình độ lý luận chính trị, chuyên môn nghiệp vụ, có phẩm chất, đạo đức tốt, đa số trưởng thành từ thực tiễn, có tinh thần trách nhiệm, có năng lực tham mưu, đề xuất và tổ chức thực hiện chương trình công tác đã đề ra. Các chế độ, chính sách đối với đội ngũ cán bộ làm công tác Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội, nhất là ở cơ sở được thực hiện nghiêm túc, kịp thời.

Tuy nhiên, bên cạnh những kết quả đạt được, vẫn còn những hạn chế, khuyết điểm cần tập trung khắc phục; đó là:

- Nội dung và phương thức hoạt động của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội vẫn còn nhiều lúng túng, chưa phù hợp với cơ chế mới và chưa đáp ứng nhu cầu, nguyện vọng, quyền và lợi ích chính đáng của đoàn viên, hội viên. Công tác tuyên truyền, vận động chưa thực sự hấp dẫn các đối tượng quần chúng nhân dân trong xã hội, một số hoạt động còn mang tính hình thức, dàn trải, hiệu quả thấp. Thu hút đoàn viên, hội viên, nhân dân tham gia vào một số hoạt động phong trào còn khó khăn và chưa đồng đều giữa các địa phương, đối tượng. Nội dung sinh hoạt thiếu sức hấp dẫn, công tác quản lý đoàn viên, hội viên một số nơi còn lỏng lẻo.

- Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội ở một số địa bàn dân cư chưa nắm chắc tâm tư, nguyện vọng và bức xúc chính đáng của quần chúng nhân dân; tình trạng khiếu nại, tố cáo, khiếu kiện đông người vẫn còn diễn ra; tham gia vận động, giải thích cho nhân dân hiểu trong một số vụ việc gây mất an ninh, trật tự và an toàn xã hội còn hạn chế.

- Công tác phối hợp hoạt động giữa Mặt trận Tổ quốc Việt Nam với các đoàn thể và giữa các đoàn thể với nhau chưa chặt chẽ, thiếu đồng bộ, chưa tạo được sức mạnh tổng hợp; vai trò trung tâm phối hợp hoạt động của Mặt trận Tổ quốc Việt Nam với các đoàn thể chính trị - xã hội, với các tổ chức thành viên chưa được thể hiện rõ.

- Phong trào quần chúng ở một số nơi phát triển không đều; những mô hình, điển hình trong phong trào thi đua “*Dân vận khéo*” chưa được đánh giá, nhân rộng kịp thời.

- Tình trạng hành chính hóa, bệnh thành tích trong hoạt động của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội vẫn còn diễn ra khá phổ biến, song chậm được khắc phục. Xây dựng, phát triển tổ chức cơ sở đoàn, hội của các đoàn thể chính trị - xã hội trong các doanh nghiệp ngoài khu vực Nhà nước còn yếu và chậm. Chất lượng của đoàn viên, hội viên và lực lượng cốt cán chính trị và của tổ chức cơ sở đoàn, hội chưa được nâng cao; việc đánh giá, nhận xét tổ chức đoàn, hội ở cơ sở có nơi còn hình thức.

II- Một số nhiệm vụ và giải pháp trọng tâm trong thời gian đến

Yêu cầu chung: Việc thực hiện đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội phải đặt dưới sự lãnh đạo của Đảng, phải hướng mạnh về cơ sở, tập trung cho cơ sở, chăm lo nhu cầu, lợi ích chính đáng, hợp pháp của đoàn viên, hội viên và quần chúng nhân dân. Đây là nhiệm vụ thường xuyên, liên tục đòi hỏi sự chủ động, sáng tạo của mỗi tổ chức, mỗi cấp, đặc biệt là ở địa phương, cơ sở. Xây dựng mối quan hệ gắn bó chặt chẽ trong phối hợp hoạt động giữa Mặt trận Tổ quốc Việt Nam với các đoàn thể chính trị - xã hội, tạo thành phong trào quần chúng rộng lớn của các tầng lớp nhân dân, có nội dung, hình thức phong phú, đa dạng và hiệu quả. Cùng với đổi mới nội dung, phương thức hoạt động, cần phải kiện toàn tổ chức bộ máy, chăm lo xây dựng đội ngũ cán bộ của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội vững mạnh, nâng cao chất lượng, hiệu quả hoạt động.

Theo tinh thần đó, đề nghị các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội tỉnh tập trung thực hiện tốt một số nhiệm vụ trọng tâm sau:

1. Tiếp tục quán triệt và triển khai thực hiện nghiêm túc nội dung Kết luận số 62-KL/TW của Bộ Chính trị (khóa X), Công văn số 1623-CV/TU của Ban Thường vụ Tỉnh ủy, Chương trình hành động số 20-NQ/TU, ngày 07/8/2013 của Ban chấp hành Đảng bộ tỉnh (khóa XII) “*về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới*”; tạo sự chuyển biến căn

bản, mạnh mẽ về nhận thức, trách nhiệm của mỗi cấp ủy, tổ chức đảng, chính quyền của từng cán bộ, đảng viên, công chức, viên chức, đoàn viên, hội viên về công tác dân vận, về vị trí, vai trò và trách nhiệm của mình trong việc xây dựng tổ chức Mặt trận Tổ quốc Việt Nam, các đoàn thể chính trị - xã hội.

2. Các cấp ủy Đảng tiếp tục quan tâm công tác quy hoạch, đào tạo, bồi dưỡng và bố trí, sử dụng đội ngũ cán bộ một cách hợp lý nhằm phát huy tốt hơn nữa vai trò, năng lực sở trường của đội ngũ cán bộ Mặt trận Tổ quốc Việt Nam, các đoàn thể chính trị - xã hội các cấp.

3. Các cấp chính quyền tăng cường công tác dân vận; rà soát, bổ sung và thực hiện có hiệu quả quy chế phối hợp giữa Mặt trận Tổ quốc Việt Nam, các đoàn thể chính trị - xã hội với Ủy ban nhân dân cùng cấp, nhất là trong thực hiện Quy chế dân chủ ở cơ sở và các phong trào thi đua yêu nước trong nhân dân.

4. Mặt trận Tổ quốc Việt Nam, các đoàn thể chính trị - xã hội các cấp trong tỉnh tiếp tục rà soát, bổ sung Đề án đổi mới nội dung và phương thức hoạt động phù hợp với yêu cầu nhiệm vụ và tình hình thực tiễn địa phương. Trong đó:

4.1- Đổi mới hơn nữa nội dung, phương pháp công tác tuyên truyền, vận động sao cho phù hợp với từng đối tượng đoàn viên, hội viên, nhân dân; từ đó, thuyết phục, vận động đoàn viên, hội viên và quần chúng nhân dân chấp hành và thực hiện nghiêm túc các chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước để cùng chung sức, chung lòng xây dựng, phát triển quê hương.

4.2- Nâng cao chất lượng các cuộc vận động, các phong trào thi đua yêu nước trên các lĩnh vực của đời sống xã hội, chú ý các phong trào thi đua: *Chung sức, chung lòng xây dựng nông thôn mới*; *“làm giao thông nông thôn”*, *“làm thủy lợi nhỏ”*, cuộc vận động *“Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư”*. Đồng thời, chú ý xây dựng và phát huy những cách làm hay, mô hình tiêu biểu trong phong trào *“Dân vận khéo”* nhất là những mô hình, cách làm mang lại hiệu quả thiết thực trong việc chăm lo, bảo vệ quyền, lợi ích chính đáng, hợp pháp của đoàn viên, hội viên và nâng cao đời sống của nhân dân.

4.3- Không ngừng đa dạng hóa các hình thức tập hợp quần chúng nhân dân và hướng mạnh các hoạt động về cơ sở; chú ý củng cố và nâng cao chất lượng hoạt động của tổ chức đoàn, hội ở cơ sở để trở thành người bạn đồng hành, làm chỗ dựa vững chắc cho đoàn viên, hội viên và các tầng lớp nhân dân, đồng thời khuyến khích các tầng lớp nhân dân tích cực tham gia. Tiếp tục phát huy hơn nữa tính năng động, sáng tạo của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội các cấp trong công tác vận động quần chúng, phù hợp với đặc điểm của từng địa phương, đơn vị.

Giao Ban Dân vận Tỉnh ủy chủ trì, phối hợp các cơ quan, đơn vị có liên quan theo dõi, đôn đốc việc triển khai thực hiện Thông báo kết luận này; định kỳ hàng năm, báo cáo kết quả về Ban Thường vụ Tỉnh ủy để theo dõi, chỉ đạo./.

Nơi nhận:

- Ban Bí thư Trung ương Đảng;
- Văn phòng Trung ương Đảng + Vụ II;
- Ban Dân vận Trung ương Đảng + T78;
- Đảng đoàn Hội đồng nhân dân tỉnh;
- Ban Cán sự Đảng Ủy ban nhân dân tỉnh;
- Các sở, ban, ngành, Mặt trận, đoàn thể tỉnh;
- Các huyện, thị, thành ủy và đảng ủy trực thuộc;
- Các đồng chí Tỉnh ủy viên;
- Lưu Văn phòng Tỉnh ủy.

CHÁNH VĂN PHÒNG

(đã ký, đóng dấu)

Lê Tấn Lai`;
