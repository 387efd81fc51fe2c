<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>ActivationPicker</name>
    <message>
        <source>Filter activations (Ctrl+F)</source>
        <translation>Lọc hàm kích hoạt (Ctrl+F)</translation>
    </message>
    <message>
        <source>Filter activations</source>
        <translation>Lọc hàm kích hoạt</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>Các hàm kích hoạt</translation>
    </message>
</context>
<context>
    <name>CodeBox</name>
    <message>
        <source>Copy code</source>
        <translation>Sao chép mã</translation>
    </message>
    <message>
        <source>Copy runnable code (imports, x and this form) to the clipboard</source>
        <translation>Sao chép mã chạy được (lệnh import, x và dạng này) vào bộ nhớ tạm</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Pinned curves</source>
        <translation>Các đường cong đã ghim</translation>
    </message>
    <message>
        <source>Tick to show, untick to hide; Delete removes the selected curve</source>
        <translation>Đánh dấu để hiện, bỏ dấu để ẩn; phím Delete xóa đường cong đang chọn</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Xóa</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Xóa hết</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <source>Bring back the pinned curves a preset, Clear or Remove replaced</source>
        <translation>Lấy lại các đường cong đã ghim bị thay bởi mẫu có sẵn, Xóa hết hoặc Xóa</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Mẫu có sẵn</translation>
    </message>
    <message>
        <source>Reference curve</source>
        <translation>Đường cong tham chiếu</translation>
    </message>
    <message>
        <source>absolute: y − y_ref</source>
        <translation>tuyệt đối: y − y_ref</translation>
    </message>
    <message>
        <source>relative: (y − y_ref) / |y_ref|</source>
        <translation>tương đối: (y − y_ref) / |y_ref|</translation>
    </message>
    <message>
        <source>ULPs of the coarser dtype</source>
        <translation>số ULP của kiểu dữ liệu thô hơn</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Tham chiếu</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Hiệu</translation>
    </message>
    <message>
        <source>Output f(x)</source>
        <translation>Đầu ra f(x)</translation>
    </message>
    <message>
        <source>Derivative f′(x)</source>
        <translation>Đạo hàm f′(x)</translation>
    </message>
    <message>
        <source>Difference from the reference</source>
        <translation>Hiệu so với tham chiếu</translation>
    </message>
    <message>
        <source>max |Δ| %(value)s at x = %(x)s</source>
        <translation>|Δ| lớn nhất %(value)s tại x = %(x)s</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>So sánh</translation>
    </message>
    <message>
        <source>GELU exact vs tanh</source>
        <translation>GELU chính xác so với xấp xỉ tanh</translation>
    </message>
    <message>
        <source>SiLU vs Mish vs GELU</source>
        <translation>SiLU, Mish và GELU</translation>
    </message>
    <message>
        <source>Hardswish vs SiLU</source>
        <translation>Hardswish so với SiLU</translation>
    </message>
    <message>
        <source>Hardsigmoid vs Sigmoid</source>
        <translation>Hardsigmoid so với Sigmoid</translation>
    </message>
    <message>
        <source>ReLU6 vs Hardtanh(0, 6)</source>
        <translation>ReLU6 so với Hardtanh(0, 6)</translation>
    </message>
    <message>
        <source>Softplus β 1, 2, 5 vs ReLU</source>
        <translation>Softplus β 1, 2, 5 so với ReLU</translation>
    </message>
    <message>
        <source>ELU vs CELU vs SELU</source>
        <translation>ELU, CELU và SELU</translation>
    </message>
    <message>
        <source>&amp;Pin Curve</source>
        <translation>&amp;Ghim đường cong</translation>
    </message>
    <message>
        <source>Pin the current curve (activation, parameters, dtype, device) to the Compare view</source>
        <translation>Ghim đường cong hiện tại (hàm kích hoạt, tham số, kiểu dữ liệu, thiết bị) vào khung So sánh</translation>
    </message>
    <message>
        <source>Cannot pin this curve: %s</source>
        <translation>Không ghim được đường cong này: %s</translation>
    </message>
    <message>
        <source>%s is already pinned</source>
        <translation>%s đã được ghim</translation>
    </message>
    <message>
        <source>At most %d curves can be pinned; remove one first</source>
        <translation>Chỉ ghim được tối đa %d đường cong; hãy xóa bớt một đường</translation>
    </message>
    <message>
        <source>Pinned %(call)s (%(n)d of %(max)d): see the Compare tab</source>
        <translation>Đã ghim %(call)s (%(n)d/%(max)d): xem thẻ So sánh</translation>
    </message>
    <message>
        <source>Preset loaded in place of %d pinned curve(s); Undo brings them back</source>
        <translation>Đã nạp mẫu thay cho %d đường cong đã ghim; Hoàn tác để lấy lại</translation>
    </message>
    <message>
        <source>%s (reference)</source>
        <translation>%s (tham chiếu)</translation>
    </message>
    <message>
        <source>live: %s</source>
        <translation>hiện tại: %s</translation>
    </message>
    <message>
        <source>Pin curves with Ctrl+P from any view, or choose a preset. The dashed curve is the live one.</source>
        <translation>Ghim đường cong bằng Ctrl+P từ bất kỳ khung nào, hoặc chọn một mẫu có sẵn. Đường nét đứt là đường cong hiện tại.</translation>
    </message>
    <message>
        <source>%d of %d pinned. The dashed curve is the live one.</source>
        <translation>Đã ghim %d/%d. Đường nét đứt là đường cong hiện tại.</translation>
    </message>
    <message>
        <source>absolute</source>
        <translation>tuyệt đối</translation>
    </message>
    <message>
        <source>relative</source>
        <translation>tương đối</translation>
    </message>
    <message>
        <source>ULPs</source>
        <translation>ULP</translation>
    </message>
    <message>
        <source>Difference from the reference (%s)</source>
        <translation>Hiệu so với tham chiếu (%s)</translation>
    </message>
    <message>
        <source>1 curve · %(samples)s samples · %(ms)s ms</source>
        <translation>1 đường cong · %(samples)s mẫu · %(ms)s ms</translation>
    </message>
    <message>
        <source>%(n)d curves · %(samples)s samples each · %(ms)s ms</source>
        <translation>%(n)d đường cong · mỗi đường %(samples)s mẫu · %(ms)s ms</translation>
    </message>
    <message>
        <source>Pinned curve %s: that device is not available here; it is computed on the CPU.</source>
        <translation>Đường cong đã ghim %s: thiết bị đó không có ở máy này; đường cong được tính trên CPU.</translation>
    </message>
</context>
<context>
    <name>CriticalView</name>
    <message>
        <source>Chaotic, unbounded (χ₁ = %(chi)s): the length of the signal grows without limit</source>
        <translation>Hỗn loạn, không bị chặn (χ₁ = %(chi)s): độ dài của tín hiệu tăng không giới hạn</translation>
    </message>
    <message>
        <source>Critical (χ₁ = %(chi)s): signals and gradients reach through ξ_c ≈ %(xi)s layers</source>
        <translation>Tới hạn (χ₁ = %(chi)s): tín hiệu và gradient đi qua được ξ_c ≈ %(xi)s lớp</translation>
    </message>
    <message>
        <source>Ordered (χ₁ = %(chi)s): inputs become alike within ξ_c ≈ %(xi)s layers; gradients vanish</source>
        <translation>Trật tự (χ₁ = %(chi)s): các đầu vào trở nên giống nhau sau ξ_c ≈ %(xi)s lớp; gradient biến mất</translation>
    </message>
    <message>
        <source>Chaotic (χ₁ = %(chi)s): inputs decorrelate within ξ_c ≈ %(xi)s layers; gradients explode</source>
        <translation>Hỗn loạn (χ₁ = %(chi)s): các đầu vào mất tương quan sau ξ_c ≈ %(xi)s lớp; gradient bùng nổ</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>lớp</translation>
    </message>
    <message>
        <source>Phase diagram</source>
        <translation>Giản đồ pha</translation>
    </message>
    <message>
        <source>Phase diagram (grey: q grows without bound)</source>
        <translation>Giản đồ pha (xám: q tăng không giới hạn)</translation>
    </message>
    <message>
        <source>Length q of the pre-activations</source>
        <translation>Độ dài q của tiền kích hoạt</translation>
    </message>
    <message>
        <source>Correlation c of two inputs</source>
        <translation>Tương quan c của hai đầu vào</translation>
    </message>
    <message>
        <source>Jacobian&apos;s singular values at the last layer</source>
        <translation>Giá trị kỳ dị của ma trận Jacobi ở lớp cuối</translation>
    </message>
    <message>
        <source>count</source>
        <translation>số lượng</translation>
    </message>
    <message>
        <source>theory</source>
        <translation>lý thuyết</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>đo được</translation>
    </message>
    <message>
        <source>Π χ₁ (theory)</source>
        <translation>Π χ₁ (lý thuyết)</translation>
    </message>
    <message>
        <source>Gaussian W</source>
        <translation>W Gauss</translation>
    </message>
    <message>
        <source>orthogonal W</source>
        <translation>W trực giao</translation>
    </message>
    <message>
        <source>log₁₀ ξ_c (layers)</source>
        <translation>log₁₀ ξ_c (lớp)</translation>
    </message>
    <message>
        <source>Jacobian: mean (solid) and variance (dotted) of σ²</source>
        <translation>Jacobi: trung bình (liền) và phương sai (chấm) của σ²</translation>
    </message>
    <message>
        <source>variance of σ² (dotted)</source>
        <translation>phương sai của σ² (chấm)</translation>
    </message>
    <message>
        <source>depth scale ξ_c</source>
        <translation>thang độ sâu ξ_c</translation>
    </message>
    <message>
        <source>gain ln χ₁</source>
        <translation>hệ số khuếch đại ln χ₁</translation>
    </message>
    <message>
        <source>point σ_w²</source>
        <translation>điểm σ_w²</translation>
    </message>
    <message>
        <source>σ_b²</source>
        <translation>σ_b²</translation>
    </message>
    <message>
        <source>depth</source>
        <translation>độ sâu</translation>
    </message>
    <message>
        <source>width</source>
        <translation>độ rộng</translation>
    </message>
    <message>
        <source>σ_w² up to</source>
        <translation>σ_w² tới</translation>
    </message>
    <message>
        <source>σ_b² up to</source>
        <translation>σ_b² tới</translation>
    </message>
    <message>
        <source>colour</source>
        <translation>màu</translation>
    </message>
    <message>
        <source>Weights ~ N(0, σ_w²/N), biases ~ N(0, σ_b²). Lines: mean-field theory (quadrature in float64); dots: a random network of this width at the point. Drag the red target or click the diagram.</source>
        <translation>Trọng số ~ N(0, σ_w²/N), bias ~ N(0, σ_b²). Đường: lý thuyết trường trung bình (cầu phương float64); chấm: một mạng ngẫu nhiên với độ rộng này tại điểm đã chọn. Kéo tâm đỏ hoặc nhấp vào giản đồ.</translation>
    </message>
    <message>
        <source>Criticality</source>
        <translation>Tính tới hạn</translation>
    </message>
    <message>
        <source>σ_w² %(w)s, σ_b² %(b)s · q* %(q)s · χ₁ %(chi)s · %(ms)s ms</source>
        <translation>σ_w² %(w)s, σ_b² %(b)s · q* %(q)s · χ₁ %(chi)s · %(ms)s ms</translation>
    </message>
</context>
<context>
    <name>CurveView</name>
    <message>
        <source>Show &amp;Second Derivative</source>
        <translation>Hiện đạo hàm &amp;bậc hai</translation>
    </message>
    <message>
        <source>&amp;Lock Axes</source>
        <translation>&amp;Khóa trục</translation>
    </message>
    <message>
        <source>Keep the y axes where they are while parameters change</source>
        <translation>Giữ nguyên các trục y khi tham số thay đổi</translation>
    </message>
    <message>
        <source>Curve f, f′</source>
        <translation>Đồ thị f, f′</translation>
    </message>
    <message>
        <source>Output f(x) = %s</source>
        <translation>Đầu ra f(x) = %s</translation>
    </message>
    <message>
        <source>Output: %s over the whole sampled vector x</source>
        <translation>Đầu ra: %s trên toàn bộ vectơ mẫu x</translation>
    </message>
    <message>
        <source>Output f(x)</source>
        <translation>Đầu ra f(x)</translation>
    </message>
    <message>
        <source>%(n)s samples · %(ms)s ms · dy: %(method)s</source>
        <translation>%(n)s điểm mẫu · %(ms)s ms · dy: %(method)s</translation>
    </message>
    <message>
        <source>autograd</source>
        <translation>autograd</translation>
    </message>
    <message>
        <source>autograd (Jacobian diagonal, forward mode)</source>
        <translation>autograd (đường chéo ma trận Jacobi, chế độ thuận)</translation>
    </message>
    <message>
        <source>closed form of the Jacobian diagonal (large N)</source>
        <translation>công thức tường minh của đường chéo Jacobi (N lớn)</translation>
    </message>
    <message>
        <source>no autograd derivative (0 except at the jump)</source>
        <translation>autograd không có đạo hàm (bằng 0 trừ tại bước nhảy)</translation>
    </message>
</context>
<context>
    <name>CustomActivationDialog</name>
    <message>
        <source>Edit Activation</source>
        <translation>Sửa hàm kích hoạt</translation>
    </message>
    <message>
        <source>New Activation</source>
        <translation>Hàm kích hoạt mới</translation>
    </message>
    <message>
        <source>e.g. My Swish</source>
        <translation>ví dụ: My Swish</translation>
    </message>
    <message>
        <source>A formula in x: numbers, your parameters, + - * / **, pi, e, exp log log1p expm1 sqrt abs sign sin cos tanh sigmoid softplus erf erfc relu clamp(v, lo, hi) minimum maximum where(cond, a, b), and the elementwise activations by id (gelu(x, approximate=&apos;tanh&apos;))</source>
        <translation>Một công thức theo x: số, các tham số của bạn, + - * / **, pi, e, exp log log1p expm1 sqrt abs sign sin cos tanh sigmoid softplus erf erfc relu clamp(v, lo, hi) minimum maximum where(cond, a, b), và các hàm kích hoạt theo từng phần tử theo id (gelu(x, approximate=&apos;tanh&apos;))</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Mặc định</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Nhỏ nhất</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Lớn nhất</translation>
    </message>
    <message>
        <source>Add parameter</source>
        <translation>Thêm tham số</translation>
    </message>
    <message>
        <source>Remove parameter</source>
        <translation>Xóa tham số</translation>
    </message>
    <message>
        <source>Formula error</source>
        <translation>Lỗi công thức</translation>
    </message>
    <message>
        <source>Preview: f(x) and f′(x)</source>
        <translation>Xem trước: f(x) và f′(x)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>f(x) =</source>
        <translation>f(x) =</translation>
    </message>
    <message>
        <source>Parameters (the slider spans Min to Max)</source>
        <translation>Tham số (thanh trượt chạy từ Nhỏ nhất đến Lớn nhất)</translation>
    </message>
    <message>
        <source>parameter %s: default, min and max must be numbers</source>
        <translation>tham số %s: mặc định, nhỏ nhất và lớn nhất phải là số</translation>
    </message>
    <message>
        <source>an activation called %s exists already</source>
        <translation>đã có một hàm kích hoạt tên %s</translation>
    </message>
    <message>
        <source>The formula does not use %s: a slider for it would change nothing.</source>
        <translation>Công thức không dùng %s: thanh trượt của nó sẽ không thay đổi gì.</translation>
    </message>
    <message>
        <source>f′ and f″ come from autograd.</source>
        <translation>f′ và f″ được tính bằng autograd.</translation>
    </message>
    <message>
        <source>The formula is not finite anywhere on x from %s to %s (inf or nan): nothing to draw.</source>
        <translation>Công thức không hữu hạn ở bất kỳ đâu với x từ %s đến %s (inf hoặc nan): không có gì để vẽ.</translation>
    </message>
    <message>
        <source>It is inf or nan at %d of %d points.</source>
        <translation>Nó là inf hoặc nan tại %d trên %d điểm.</translation>
    </message>
</context>
<context>
    <name>CustomLibrary</name>
    <message>
        <source>&amp;Activation</source>
        <translation>&amp;Hàm kích hoạt</translation>
    </message>
    <message>
        <source>&amp;New Activation…</source>
        <translation>Hàm kích hoạt &amp;mới…</translation>
    </message>
    <message>
        <source>Define your own activation by a formula in x</source>
        <translation>Tự định nghĩa hàm kích hoạt bằng một công thức theo x</translation>
    </message>
    <message>
        <source>&amp;Edit Activation…</source>
        <translation>&amp;Sửa hàm kích hoạt…</translation>
    </message>
    <message>
        <source>&amp;Delete Activation</source>
        <translation>&amp;Xóa hàm kích hoạt</translation>
    </message>
    <message>
        <source>&amp;Import Activations…</source>
        <translation>&amp;Nhập hàm kích hoạt…</translation>
    </message>
    <message>
        <source>E&amp;xport Activations…</source>
        <translation>X&amp;uất hàm kích hoạt…</translation>
    </message>
    <message>
        <source>Delete Activation</source>
        <translation>Xóa hàm kích hoạt</translation>
    </message>
    <message>
        <source>Delete your activation %s?</source>
        <translation>Xóa hàm kích hoạt %s của bạn?</translation>
    </message>
    <message>
        <source>Import Activations</source>
        <translation>Nhập hàm kích hoạt</translation>
    </message>
    <message>
        <source>actviewer library (*.json)</source>
        <translation>Thư viện actviewer (*.json)</translation>
    </message>
    <message>
        <source>Imported %d activation(s) from %s.</source>
        <translation>Đã nhập %d hàm kích hoạt từ %s.</translation>
    </message>
    <message>
        <source>Left out:</source>
        <translation>Bị bỏ qua:</translation>
    </message>
    <message>
        <source>Export Activations</source>
        <translation>Xuất hàm kích hoạt</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Xuất thất bại</translation>
    </message>
    <message>
        <source>Exported %s</source>
        <translation>Đã xuất %s</translation>
    </message>
    <message>
        <source>Could not save your activations</source>
        <translation>Không lưu được các hàm kích hoạt của bạn</translation>
    </message>
</context>
<context>
    <name>DistributionView</name>
    <message>
        <source>Normal(mean, std)</source>
        <translation>Chuẩn(trung bình, độ lệch chuẩn)</translation>
    </message>
    <message>
        <source>Uniform(a, b)</source>
        <translation>Đều(a, b)</translation>
    </message>
    <message>
        <source>x ~</source>
        <translation>x ~</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>trung bình</translation>
    </message>
    <message>
        <source>std</source>
        <translation>độ lệch chuẩn</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>số mẫu</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>hạt giống (seed)</translation>
    </message>
    <message>
        <source>Input x</source>
        <translation>Đầu vào x</translation>
    </message>
    <message>
        <source>Output f(x)</source>
        <translation>Đầu ra f(x)</translation>
    </message>
    <message>
        <source>Derivative f′(x) (autograd)</source>
        <translation>Đạo hàm f′(x) (autograd)</translation>
    </message>
    <message>
        <source>fraction</source>
        <translation>tỉ lệ</translation>
    </message>
    <message>
        <source>Statistics of f(x) and f′(x)</source>
        <translation>Thống kê của f(x) và f′(x)</translation>
    </message>
    <message>
        <source>dead: fraction with f′ = 0; saturated: |f′| &lt; 1e-3; negative: f &lt; 0. E[f′²] scales the gradient&apos;s variance.</source>
        <translation>chết: tỉ lệ có f′ = 0; bão hòa: |f′| &lt; 1e-3; âm: f &lt; 0. E[f′²] là hệ số nhân phương sai của gradient.</translation>
    </message>
    <message>
        <source>Distribution</source>
        <translation>Phân phối</translation>
    </message>
    <message>
        <source>%s samples · %s ms</source>
        <translation>%s mẫu · %s ms</translation>
    </message>
</context>
<context>
    <name>DomainPanel</name>
    <message>
        <source>Adaptive (screen)</source>
        <translation>Thích ứng (theo màn hình)</translation>
    </message>
    <message>
        <source>Fixed samples</source>
        <translation>Số mẫu cố định</translation>
    </message>
    <message>
        <source>Adaptive recomputes the visible range when you zoom or pan; fixed keeps the samples below</source>
        <translation>Thích ứng: tính lại miền đang nhìn thấy khi bạn phóng to hoặc kéo; cố định: dùng số điểm mẫu bên dưới</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>x min</source>
        <translation>x nhỏ nhất</translation>
    </message>
    <message>
        <source>x max</source>
        <translation>x lớn nhất</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>Cách lấy mẫu</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Số điểm mẫu</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>dtype</source>
        <translation>Kiểu dữ liệu (dtype)</translation>
    </message>
    <message>
        <source>Number of evenly spaced x values, up to %s</source>
        <translation>Số giá trị x cách đều nhau, tối đa %s</translation>
    </message>
    <message>
        <source>Where PyTorch computes: the devices it reports as available</source>
        <translation>Nơi PyTorch tính toán: các thiết bị mà nó báo là sẵn có</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Error message</source>
        <translation>Thông báo lỗi</translation>
    </message>
    <message>
        <source>(the plot shows the last valid result)</source>
        <translation>(đồ thị đang hiển thị kết quả hợp lệ gần nhất)</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>Writing %s (about %s)…</source>
        <translation>Đang ghi %s (khoảng %s)…</translation>
    </message>
    <message>
        <source>Rendering the frames of %s…</source>
        <translation>Đang dựng các khung hình của %s…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <source>Export cancelled; %s is unchanged</source>
        <translation>Đã hủy xuất; %s không bị thay đổi</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Xuất thất bại</translation>
    </message>
    <message>
        <source>Exported %s</source>
        <translation>Đã xuất %s</translation>
    </message>
    <message>
        <source>Figure copied to the clipboard</source>
        <translation>Đã sao chép hình vào bộ nhớ tạm</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <source>Transparent background</source>
        <translation>Nền trong suốt</translation>
    </message>
    <message>
        <source>Dark colours</source>
        <translation>Màu tối</translation>
    </message>
    <message>
        <source>Figures are light by default, whatever the window&apos;s theme</source>
        <translation>Hình xuất mặc định là nền sáng, dù cửa sổ dùng giao diện nào</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Định dạng</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Image width</source>
        <translation>Chiều rộng ảnh</translation>
    </message>
    <message>
        <source>Replace File?</source>
        <translation>Thay thế tệp?</translation>
    </message>
    <message>
        <source>%s already exists. Do you want to replace it?</source>
        <translation>%s đã có. Bạn có muốn thay thế nó không?</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>Ảnh PNG</translation>
    </message>
    <message>
        <source>SVG vector image</source>
        <translation>Ảnh vector SVG</translation>
    </message>
    <message>
        <source>PDF vector page</source>
        <translation>Trang vector PDF</translation>
    </message>
    <message>
        <source>animated GIF, one frame per step</source>
        <translation>GIF động, mỗi bước một khung hình</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>Bảng CSV</translation>
    </message>
    <message>
        <source>JSON data</source>
        <translation>Dữ liệu JSON</translation>
    </message>
</context>
<context>
    <name>LayersView</name>
    <message>
        <source>Without an activation, Linear(1, H) then Linear(H, 1) is one straight line, whatever the weights. With the activation between them, the network can bend.</source>
        <translation>Không có hàm kích hoạt, Linear(1, H) rồi Linear(H, 1) chỉ là một đường thẳng, dù trọng số thế nào. Có hàm kích hoạt ở giữa, mạng có thể uốn cong.</translation>
    </message>
    <message>
        <source>hidden units H</source>
        <translation>số nơ-ron ẩn H</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>hạt giống (seed)</translation>
    </message>
    <message>
        <source>Two linear layers: without and with the activation</source>
        <translation>Hai lớp tuyến tính: không có và có hàm kích hoạt</translation>
    </message>
    <message>
        <source>Each hidden unit after the activation</source>
        <translation>Từng nơ-ron ẩn sau hàm kích hoạt</translation>
    </message>
    <message>
        <source>Linear → Linear (no activation)</source>
        <translation>Linear → Linear (không có hàm kích hoạt)</translation>
    </message>
    <message>
        <source>Linear → f → Linear</source>
        <translation>Linear → f → Linear</translation>
    </message>
    <message>
        <source>Two layers</source>
        <translation>Hai lớp</translation>
    </message>
    <message>
        <source>H = %(h)d · without an activation: a line of slope %(slope)s · %(ms)s ms</source>
        <translation>H = %(h)d · không có hàm kích hoạt: đường thẳng có hệ số góc %(slope)s · %(ms)s ms</translation>
    </message>
</context>
<context>
    <name>LearnController</name>
    <message>
        <source>Learn</source>
        <translation>Học</translation>
    </message>
    <message>
        <source>Show &amp;Learn Panel</source>
        <translation>Hiện bảng &amp;Học</translation>
    </message>
</context>
<context>
    <name>LearnPanel</name>
    <message>
        <source>About this activation</source>
        <translation>Về hàm kích hoạt này</translation>
    </message>
    <message>
        <source>Functional form</source>
        <translation>Dạng hàm (functional)</translation>
    </message>
    <message>
        <source>Module form (torch.nn)</source>
        <translation>Dạng mô-đun (torch.nn)</translation>
    </message>
    <message>
        <source>This view&apos;s computation</source>
        <translation>Phép tính của khung nhìn này</translation>
    </message>
    <message>
        <source>PyTorch code</source>
        <translation>Mã PyTorch</translation>
    </message>
    <message>
        <source>There is no torch.nn module for this function; wrap the line above in your own nn.Module.</source>
        <translation>Hàm này không có mô-đun torch.nn; hãy bọc dòng lệnh ở trên trong một nn.Module của riêng bạn.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <source>at x = %s</source>
        <translation>tại x = %s</translation>
    </message>
    <message>
        <source>smooth everywhere</source>
        <translation>trơn ở mọi nơi</translation>
    </message>
    <message>
        <source>f′ is continuous; f″ jumps %s</source>
        <translation>f′ liên tục; f″ nhảy bậc %s</translation>
    </message>
    <message>
        <source>has kinks (f′ jumps) %s</source>
        <translation>có điểm gãy (f′ nhảy bậc) %s</translation>
    </message>
    <message>
        <source>jumps (f is discontinuous) %s</source>
        <translation>nhảy bậc (f không liên tục) %s</translation>
    </message>
    <message>
        <source>yes, for x → −∞</source>
        <translation>có, khi x → −∞</translation>
    </message>
    <message>
        <source>yes, for x → +∞</source>
        <translation>có, khi x → +∞</translation>
    </message>
    <message>
        <source>yes, on both sides</source>
        <translation>có, ở cả hai phía</translation>
    </message>
    <message>
        <source>depends on every input (see the Jacobian)</source>
        <translation>phụ thuộc vào mọi đầu vào (xem ma trận Jacobi)</translation>
    </message>
    <message>
        <source>Output range</source>
        <translation>Miền giá trị</translation>
    </message>
    <message>
        <source>Zero-centred</source>
        <translation>Có tâm tại 0</translation>
    </message>
    <message>
        <source>Monotonic</source>
        <translation>Đơn điệu</translation>
    </message>
    <message>
        <source>Smoothness</source>
        <translation>Độ trơn</translation>
    </message>
    <message>
        <source>Saturates</source>
        <translation>Bão hòa</translation>
    </message>
    <message>
        <source>Dead region (zero gradient)</source>
        <translation>Vùng chết (gradient bằng 0)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>không có</translation>
    </message>
    <message>
        <source>f′(0) in PyTorch</source>
        <translation>f′(0) trong PyTorch</translation>
    </message>
    <message>
        <source>Formula</source>
        <translation>Công thức</translation>
    </message>
    <message>
        <source>Derivative</source>
        <translation>Đạo hàm</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Tính chất</translation>
    </message>
    <message>
        <source>When to use it</source>
        <translation>Khi nào nên dùng</translation>
    </message>
</context>
<context>
    <name>LessonController</name>
    <message>
        <source>Lesson</source>
        <translation>Bài học</translation>
    </message>
    <message>
        <source>Cannot open the lesson</source>
        <translation>Không mở được bài học</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Lesson progress</source>
        <translation>Tiến độ bài học</translation>
    </message>
    <message>
        <source>Functional form</source>
        <translation>Dạng hàm (functional)</translation>
    </message>
    <message>
        <source>Module form (torch.nn)</source>
        <translation>Dạng module (torch.nn)</translation>
    </message>
    <message>
        <source>What print(output) shows</source>
        <translation>Kết quả của print(output)</translation>
    </message>
    <message>
        <source>Printed output</source>
        <translation>Kết quả được in</translation>
    </message>
    <message>
        <source>← &amp;Back</source>
        <translation>← &amp;Quay lại</translation>
    </message>
    <message>
        <source>&amp;Next →</source>
        <translation>&amp;Tiếp →</translation>
    </message>
    <message>
        <source>Step %(n)d of %(count)d</source>
        <translation>Bước %(n)d/%(count)d</translation>
    </message>
    <message>
        <source>Look at this:</source>
        <translation>Hãy quan sát:</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Đang tính…</translation>
    </message>
</context>
<context>
    <name>LoadingOverlay</name>
    <message>
        <source>Loading PyTorch…</source>
        <translation>Đang tải PyTorch…</translation>
    </message>
    <message>
        <source>Computing… %s %%</source>
        <translation>Đang tính… %s %%</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Some stored settings were reset to their defaults: %s</source>
        <translation>Một số thiết lập đã lưu được đặt lại về mặc định: %s</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Trợ &amp;giúp</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Chính</translation>
    </message>
    <message>
        <source>Parameters of %s</source>
        <translation>Tham số của %s</translation>
    </message>
    <message>
        <source>The computation failed: %s</source>
        <translation>Phép tính thất bại: %s</translation>
    </message>
    <message>
        <source>Device %s is not available here; using the CPU.</source>
        <translation>Thiết bị %s không có sẵn ở đây; đang dùng CPU.</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Xuất…</translation>
    </message>
    <message>
        <source>Export what the current view shows: a figure or its data</source>
        <translation>Xuất những gì khung nhìn hiện tại hiển thị: hình hoặc dữ liệu của nó</translation>
    </message>
    <message>
        <source>&amp;Copy Image</source>
        <translation>&amp;Sao chép hình</translation>
    </message>
    <message>
        <source>Copy the figure to the clipboard as an image</source>
        <translation>Sao chép hình vào bộ nhớ tạm dưới dạng ảnh</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>T&amp;hoát</translation>
    </message>
    <message>
        <source>&amp;Reset View</source>
        <translation>Đặt &amp;lại khung nhìn</translation>
    </message>
    <message>
        <source>&amp;Find Activation</source>
        <translation>&amp;Tìm hàm kích hoạt</translation>
    </message>
    <message>
        <source>&amp;Lesson: Activation Functions in PyTorch</source>
        <translation>&amp;Bài học: Activation Functions trong PyTorch</translation>
    </message>
    <message>
        <source>A guided lesson that follows the tutorial, step by step</source>
        <translation>Bài học có hướng dẫn, đi theo bài hướng dẫn từng bước</translation>
    </message>
    <message>
        <source>&amp;About actviewer</source>
        <translation>&amp;Giới thiệu actviewer</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Ngôn ngữ</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>Theo &amp;hệ thống</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Sáng</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Tối</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Giao diện</translation>
    </message>
    <message>
        <source>About actviewer</source>
        <translation>Giới thiệu actviewer</translation>
    </message>
    <message>
        <source>actviewer %s</source>
        <translation>actviewer %s</translation>
    </message>
    <message>
        <source>Explore activation functions and their derivatives with PyTorch.</source>
        <translation>Khám phá các hàm kích hoạt và đạo hàm của chúng với PyTorch.</translation>
    </message>
</context>
<context>
    <name>MatrixView</name>
    <message>
        <source>Input logits x</source>
        <translation>Logit đầu vào x</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Đầu ra</translation>
    </message>
    <message>
        <source>Jacobian</source>
        <translation>Ma trận Jacobi</translation>
    </message>
    <message>
        <source>Output: %s(x / T) along dim=%d</source>
        <translation>Đầu ra: %s(x / T) theo dim=%d</translation>
    </message>
    <message>
        <source>Σ exp =</source>
        <translation>Σ exp =</translation>
    </message>
    <message>
        <source>Σ =</source>
        <translation>Σ =</translation>
    </message>
    <message>
        <source>row</source>
        <translation>hàng</translation>
    </message>
    <message>
        <source>column</source>
        <translation>cột</translation>
    </message>
    <message>
        <source>Jacobian ∂y/∂x of %s %d (autograd)</source>
        <translation>Ma trận Jacobi ∂y/∂x của %s %d (autograd)</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Số hàng</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Số cột</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Hạt giống</translation>
    </message>
    <message>
        <source>Standard deviation of the random logits</source>
        <translation>Độ lệch chuẩn của các logit ngẫu nhiên</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Tạo lại</translation>
    </message>
    <message>
        <source>Discard hand edits and draw the logits from the seed again</source>
        <translation>Bỏ các chỉnh sửa tay và sinh lại logit từ hạt giống</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Tỉ lệ</translation>
    </message>
    <message>
        <source>Edit a logit and press Enter; Regenerate discards the edits</source>
        <translation>Sửa một logit rồi nhấn Enter; nút Tạo lại sẽ bỏ các chỉnh sửa</translation>
    </message>
    <message>
        <source>2-D logits</source>
        <translation>Logit 2 chiều</translation>
    </message>
    <message>
        <source>each row sums to 1</source>
        <translation>tổng mỗi hàng bằng 1</translation>
    </message>
    <message>
        <source>each column sums to 1</source>
        <translation>tổng mỗi cột bằng 1</translation>
    </message>
    <message>
        <source>exp(output)</source>
        <translation>exp(đầu ra)</translation>
    </message>
    <message>
        <source>output</source>
        <translation>đầu ra</translation>
    </message>
    <message>
        <source>%(fn)s along dim=%(dim)d: %(what)s — %(axis)s. Click a row or column to see its Jacobian.</source>
        <translation>%(fn)s theo dim=%(dim)d: %(what)s — %(axis)s. Nhấp vào một hàng hoặc cột để xem ma trận Jacobi của nó.</translation>
    </message>
    <message>
        <source>The Jacobian of %s is %s.</source>
        <translation>Ma trận Jacobi của %s là %s.</translation>
    </message>
    <message>
        <source>2-D logits · %s ms</source>
        <translation>Logit 2 chiều · %s ms</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>one of %s</source>
        <translation>một trong %s</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>đúng hoặc sai</translation>
    </message>
    <message>
        <source>an integer</source>
        <translation>một số nguyên</translation>
    </message>
    <message>
        <source>a finite number</source>
        <translation>một số hữu hạn</translation>
    </message>
    <message>
        <source> and </source>
        <translation> và </translation>
    </message>
    <message>
        <source>x min (%(x_min)s) must be less than x max (%(x_max)s)</source>
        <translation>x nhỏ nhất (%(x_min)s) phải nhỏ hơn x lớn nhất (%(x_max)s)</translation>
    </message>
    <message>
        <source>the x range must be at least %(narrowest)s wide, got %(width)s</source>
        <translation>khoảng x phải rộng ít nhất %(narrowest)s, nhưng chỉ rộng %(width)s</translation>
    </message>
    <message>
        <source>min_val must be less than max_val</source>
        <translation>min_val phải nhỏ hơn max_val</translation>
    </message>
    <message>
        <source>lower must not exceed upper</source>
        <translation>lower không được lớn hơn upper</translation>
    </message>
    <message>
        <source>%(name)s=%(value)s is not allowed: it must be %(allowed)s</source>
        <translation>%(name)s=%(value)s không hợp lệ: giá trị phải là %(allowed)s</translation>
    </message>
    <message>
        <source>device %(device)s is not available here; available: %(available)s</source>
        <translation>thiết bị %(device)s không có ở đây; các thiết bị có sẵn: %(available)s</translation>
    </message>
    <message>
        <source>%(device)s ran out of memory for %(samples)s samples; try fewer samples</source>
        <translation>%(device)s hết bộ nhớ với %(samples)s điểm mẫu; hãy giảm số điểm mẫu</translation>
    </message>
    <message>
        <source>%(name)s: the minimum (%(minimum)s) must be below the maximum (%(maximum)s)</source>
        <translation>%(name)s: giá trị nhỏ nhất (%(minimum)s) phải nhỏ hơn giá trị lớn nhất (%(maximum)s)</translation>
    </message>
    <message>
        <source>%(name)s: the default %(default)s lies outside %(minimum)s..%(maximum)s</source>
        <translation>%(name)s: giá trị mặc định %(default)s nằm ngoài %(minimum)s..%(maximum)s</translation>
    </message>
    <message>
        <source>the name must be 1 to %(max)s characters</source>
        <translation>tên phải dài từ 1 đến %(max)s ký tự</translation>
    </message>
    <message>
        <source>the name &apos;%(name)s&apos; must start with a letter</source>
        <translation>tên &apos;%(name)s&apos; phải bắt đầu bằng một chữ cái</translation>
    </message>
    <message>
        <source>&apos;%(name)s&apos; is already a built-in name; choose another</source>
        <translation>&apos;%(name)s&apos; đã là một tên có sẵn; hãy chọn tên khác</translation>
    </message>
    <message>
        <source>two parameters have the same name</source>
        <translation>hai tham số trùng tên</translation>
    </message>
    <message>
        <source>%(activation)s failed on %(device)s with %(dtype)s: %(reason)s</source>
        <translation>%(activation)s bị lỗi trên %(device)s với %(dtype)s: %(reason)s</translation>
    </message>
    <message>
        <source>the formula must be text</source>
        <translation>công thức phải là văn bản</translation>
    </message>
    <message>
        <source>the formula is %(length)s characters long; at most %(max)s are allowed</source>
        <translation>công thức dài %(length)s ký tự; chỉ được tối đa %(max)s</translation>
    </message>
    <message>
        <source>the formula contains a control character</source>
        <translation>công thức chứa một ký tự điều khiển</translation>
    </message>
    <message>
        <source>the formula is empty</source>
        <translation>công thức đang trống</translation>
    </message>
    <message>
        <source>the formula nests %(depth)s levels deep; at most %(max)s are allowed</source>
        <translation>công thức lồng nhau %(depth)s cấp; chỉ được tối đa %(max)s</translation>
    </message>
    <message>
        <source>at most %(max)s parameters are allowed</source>
        <translation>chỉ được tối đa %(max)s tham số</translation>
    </message>
    <message>
        <source>this is not a formula: %(detail)s</source>
        <translation>đây không phải là một công thức: %(detail)s</translation>
    </message>
    <message>
        <source>this is not a formula</source>
        <translation>đây không phải là một công thức</translation>
    </message>
    <message>
        <source>the formula nests more than %(max)s operations deep</source>
        <translation>công thức lồng nhau quá %(max)s phép toán</translation>
    </message>
    <message>
        <source>comparisons are allowed only as the first argument of where(cond, a, b)</source>
        <translation>phép so sánh chỉ được dùng làm đối số đầu tiên của where(cond, a, b)</translation>
    </message>
    <message>
        <source>attribute access (a.b) is not allowed</source>
        <translation>không được truy cập thuộc tính (a.b)</translation>
    </message>
    <message>
        <source>subscripts (a[i]) are not allowed</source>
        <translation>không được dùng chỉ số (a[i])</translation>
    </message>
    <message>
        <source>only + - * / ** are allowed between terms</source>
        <translation>giữa các số hạng chỉ được dùng + - * / **</translation>
    </message>
    <message>
        <source>%(kind)s expressions are not allowed</source>
        <translation>không được dùng biểu thức %(kind)s</translation>
    </message>
    <message>
        <source>%(value)s is not a number; text is allowed only as gelu&apos;s approximate</source>
        <translation>%(value)s không phải là số; văn bản chỉ được dùng cho approximate của gelu</translation>
    </message>
    <message>
        <source>constants must be finite and at most %(max)s in size</source>
        <translation>hằng số phải hữu hạn và có độ lớn tối đa %(max)s</translation>
    </message>
    <message>
        <source>%(name)s is a function: write %(name)s(...)</source>
        <translation>%(name)s là một hàm: hãy viết %(name)s(...)</translation>
    </message>
    <message>
        <source>unknown name &apos;%(name)s&apos; (use %(known)s, pi, e or a function)</source>
        <translation>tên &apos;%(name)s&apos; không xác định (hãy dùng %(known)s, pi, e hoặc một hàm)</translation>
    </message>
    <message>
        <source>attribute access (.%(name)s) is not allowed; write e.g. exp(x)</source>
        <translation>không được truy cập thuộc tính (.%(name)s); hãy viết ví dụ exp(x)</translation>
    </message>
    <message>
        <source>only the listed functions can be called, by name</source>
        <translation>chỉ được gọi các hàm trong danh sách, theo tên</translation>
    </message>
    <message>
        <source>unknown function &apos;%(name)s&apos;</source>
        <translation>hàm &apos;%(name)s&apos; không xác định</translation>
    </message>
    <message>
        <source>* and ** arguments are not allowed</source>
        <translation>không được dùng đối số * và **</translation>
    </message>
    <message>
        <source>%(name)s takes no keyword arguments</source>
        <translation>%(name)s không nhận đối số từ khóa</translation>
    </message>
    <message>
        <source>%(name)s takes %(count)s argument(s), got %(got)s</source>
        <translation>%(name)s nhận %(count)s đối số, nhưng có %(got)s</translation>
    </message>
    <message>
        <source>%(name)s takes one positional argument (the input), got %(got)s</source>
        <translation>%(name)s nhận một đối số vị trí (đầu vào), nhưng có %(got)s</translation>
    </message>
    <message>
        <source>where&apos;s first argument must be one comparison, e.g. x &gt;= 0</source>
        <translation>đối số đầu tiên của where phải là một phép so sánh, ví dụ x &gt;= 0</translation>
    </message>
    <message>
        <source>%(name)s must be a constant or a parameter name</source>
        <translation>%(name)s phải là một hằng số hoặc tên tham số</translation>
    </message>
    <message>
        <source>%(name)s must be a number</source>
        <translation>%(name)s phải là một số</translation>
    </message>
    <message>
        <source>%(name)s is given twice</source>
        <translation>%(name)s được cho hai lần</translation>
    </message>
    <message>
        <source>clamp&apos;s lower bound %(low)s is above its upper bound %(high)s</source>
        <translation>cận dưới %(low)s của clamp lớn hơn cận trên %(high)s</translation>
    </message>
</context>
<context>
    <name>ParamPanel</name>
    <message>
        <source>This activation has no parameters.</source>
        <translation>Hàm kích hoạt này không có tham số.</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>Đặt lại mặc định</translation>
    </message>
    <message>
        <source>Set every parameter back to PyTorch&apos;s default</source>
        <translation>Đưa mọi tham số về giá trị mặc định của PyTorch</translation>
    </message>
    <message>
        <source>Double-click to reset it to %s</source>
        <translation>Nhấp đúp để đặt lại về %s</translation>
    </message>
</context>
<context>
    <name>PlotPanels</name>
    <message>
        <source>Output f(x)</source>
        <translation>Đầu ra f(x)</translation>
    </message>
    <message>
        <source>Derivative f′(x)</source>
        <translation>Đạo hàm f′(x)</translation>
    </message>
    <message>
        <source>Move the pointer over a plot to read values.</source>
        <translation>Di chuột lên đồ thị để đọc giá trị.</translation>
    </message>
    <message>
        <source>Crosshair readout</source>
        <translation>Giá trị tại con trỏ</translation>
    </message>
    <message>
        <source>f′ is undefined at x = %s (an impulse); 0 elsewhere</source>
        <translation>f′ không xác định tại x = %s (một xung); bằng 0 ở nơi khác</translation>
    </message>
    <message>
        <source>x = %s is outside the computed range</source>
        <translation>x = %s nằm ngoài miền đã tính</translation>
    </message>
    <message>
        <source>(f′ undefined at the jump)</source>
        <translation>(f′ không xác định tại bước nhảy)</translation>
    </message>
</context>
<context>
    <name>PrecisionView</name>
    <message>
        <source>ULPs of each dtype</source>
        <translation>số ULP của từng kiểu dữ liệu</translation>
    </message>
    <message>
        <source>relative: |y − y₆₄| / |y₆₄|</source>
        <translation>tương đối: |y − y₆₄| / |y₆₄|</translation>
    </message>
    <message>
        <source>Largest errors</source>
        <translation>Sai số lớn nhất</translation>
    </message>
    <message>
        <source>Where values are lost</source>
        <translation>Nơi giá trị bị mất</translation>
    </message>
    <message>
        <source>Error in</source>
        <translation>Sai số tính bằng</translation>
    </message>
    <message>
        <source>%(dtype)s overflows on [%(a)s, %(b)s]</source>
        <translation>%(dtype)s tràn số (quá lớn) trong [%(a)s, %(b)s]</translation>
    </message>
    <message>
        <source>%(dtype)s underflows on [%(a)s, %(b)s]</source>
        <translation>%(dtype)s tràn dưới (về 0) trong [%(a)s, %(b)s]</translation>
    </message>
    <message>
        <source>+%d more</source>
        <translation>+%d vùng nữa</translation>
    </message>
    <message>
        <source>shaded: lost to overflow or underflow</source>
        <translation>vùng tô màu: giá trị bị mất do tràn trên hoặc tràn dưới</translation>
    </message>
    <message>
        <source>|error| (%s)</source>
        <translation>|sai số| (%s)</translation>
    </message>
    <message>
        <source>ULPs</source>
        <translation>ULP</translation>
    </message>
    <message>
        <source>relative</source>
        <translation>tương đối</translation>
    </message>
    <message>
        <source>max %s</source>
        <translation>tối đa %s</translation>
    </message>
    <message>
        <source>%s of x not counted</source>
        <translation>không tính %s số điểm x</translation>
    </message>
    <message>
        <source>not computed</source>
        <translation>không tính được</translation>
    </message>
    <message>
        <source>Error of f against float64</source>
        <translation>Sai số của f so với float64</translation>
    </message>
    <message>
        <source>Error of f′ against float64</source>
        <translation>Sai số của f′ so với float64</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Độ chính xác</translation>
    </message>
    <message>
        <source>largest error of f: %s (ULPs where f is a normal number of the dtype; exact results are drawn at the axis floor)</source>
        <translation>sai số lớn nhất của f: %s (ULP tính ở nơi f là số chuẩn của kiểu dữ liệu; kết quả chính xác được vẽ ở đáy trục)</translation>
    </message>
    <message>
        <source>%(n)s samples · float32, float16, bfloat16 on %(device)s against float64 on the CPU · %(ms)s ms</source>
        <translation>%(n)s mẫu · float32, float16, bfloat16 trên %(device)s so với float64 trên CPU · %(ms)s ms</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>&amp;Open Session…</source>
        <translation>&amp;Mở phiên làm việc…</translation>
    </message>
    <message>
        <source>&amp;Save Session…</source>
        <translation>&amp;Lưu phiên làm việc…</translation>
    </message>
    <message>
        <source>Save &amp;Classroom Session…</source>
        <translation>Lưu phiên cho &amp;lớp học…</translation>
    </message>
    <message>
        <source>A session that hides the controls you choose</source>
        <translation>Một phiên làm việc ẩn các điều khiển bạn chọn</translation>
    </message>
    <message>
        <source>&amp;Recent Sessions</source>
        <translation>Phiên &amp;gần đây</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>Lưu phiên làm việc</translation>
    </message>
    <message>
        <source>actviewer sessions (*%s)</source>
        <translation>Phiên làm việc actviewer (*%s)</translation>
    </message>
    <message>
        <source>Session saved to %s</source>
        <translation>Đã lưu phiên làm việc vào %s</translation>
    </message>
    <message>
        <source>Classroom Session</source>
        <translation>Phiên cho lớp học</translation>
    </message>
    <message>
        <source>Hide these controls when the session is opened:</source>
        <translation>Ẩn các điều khiển này khi mở phiên làm việc:</translation>
    </message>
    <message>
        <source>the activation list</source>
        <translation>danh sách hàm kích hoạt</translation>
    </message>
    <message>
        <source>the parameters</source>
        <translation>các tham số</translation>
    </message>
    <message>
        <source>x range and device</source>
        <translation>miền x và thiết bị</translation>
    </message>
    <message>
        <source>the Learn panel</source>
        <translation>bảng Học</translation>
    </message>
    <message>
        <source>the %s tab</source>
        <translation>thẻ %s</translation>
    </message>
    <message>
        <source>Session opened; some of it fell back: %s</source>
        <translation>Đã mở phiên làm việc; một phần được đặt lại: %s</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>Mở phiên làm việc</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(chưa có)</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Parameters</source>
        <translation>Tham số</translation>
    </message>
    <message>
        <source>Domain and device</source>
        <translation>Miền x và thiết bị</translation>
    </message>
</context>
<context>
    <name>StackView</name>
    <message>
        <source>layer</source>
        <translation>lớp</translation>
    </message>
    <message>
        <source>value</source>
        <translation>giá trị</translation>
    </message>
    <message>
        <source>Mean and std over depth</source>
        <translation>TB và độ lệch chuẩn</translation>
    </message>
    <message>
        <source>Activations: histogram per layer</source>
        <translation>Histogram theo lớp</translation>
    </message>
    <message>
        <source>Gradient norms (log)</source>
        <translation>Chuẩn gradient (log)</translation>
    </message>
    <message>
        <source>Dead units (f′ = 0 for the whole batch)</source>
        <translation>Nơ-ron chết (f′ = 0)</translation>
    </message>
    <message>
        <source>fraction</source>
        <translation>tỉ lệ</translation>
    </message>
    <message>
        <source>std of pre-activation</source>
        <translation>độ lệch chuẩn trước kích hoạt</translation>
    </message>
    <message>
        <source>|mean| of activation</source>
        <translation>|trung bình| sau kích hoạt</translation>
    </message>
    <message>
        <source>std of activation</source>
        <translation>độ lệch chuẩn sau kích hoạt</translation>
    </message>
    <message>
        <source>weight gradient</source>
        <translation>gradient của trọng số</translation>
    </message>
    <message>
        <source>layer-input gradient</source>
        <translation>gradient của đầu vào lớp</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>bias (độ lệch)</translation>
    </message>
    <message>
        <source>residual h + f(W h)</source>
        <translation>phần dư h + f(W h)</translation>
    </message>
    <message>
        <source>LayerNorm before f</source>
        <translation>LayerNorm trước f</translation>
    </message>
    <message>
        <source>log axis for mean and std</source>
        <translation>trục log cho trung bình và độ lệch chuẩn</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>số lớp</translation>
    </message>
    <message>
        <source>width</source>
        <translation>độ rộng</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>batch</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>hạt giống (seed)</translation>
    </message>
    <message>
        <source>init</source>
        <translation>khởi tạo</translation>
    </message>
    <message>
        <source>std</source>
        <translation>độ lệch chuẩn</translation>
    </message>
    <message>
        <source>fan</source>
        <translation>fan</translation>
    </message>
    <message>
        <source>Each change runs one seeded forward pass of a batch x ~ N(0, 1) and one backward pass of mean(output²), with PyTorch&apos;s own nn.Linear and torch.nn.init.</source>
        <translation>Mỗi thay đổi chạy một lượt truyền xuôi có seed của một batch x ~ N(0, 1) và một lượt truyền ngược của mean(output²), bằng chính nn.Linear và torch.nn.init của PyTorch.</translation>
    </message>
    <message>
        <source>Deep stack</source>
        <translation>Chồng lớp sâu</translation>
    </message>
    <message>
        <source>layer 1&apos;s weight gradient underflows to 0 while layer %(layers)s&apos;s is %(last)s: vanishing gradients</source>
        <translation>gradient trọng số của lớp 1 bị tràn dưới về 0 trong khi của lớp %(layers)s là %(last)s: gradient biến mất</translation>
    </message>
    <message>
        <source>layer 1 receives %(ratio)s of layer %(layers)s&apos;s weight gradient: vanishing gradients</source>
        <translation>lớp 1 chỉ nhận %(ratio)s gradient trọng số của lớp %(layers)s: gradient biến mất</translation>
    </message>
    <message>
        <source>layer 1 receives %(ratio)s times layer %(layers)s&apos;s weight gradient: exploding gradients</source>
        <translation>lớp 1 nhận gấp %(ratio)s lần gradient trọng số của lớp %(layers)s: gradient bùng nổ</translation>
    </message>
    <message>
        <source>gradients overflow to inf or nan: exploding</source>
        <translation>gradient tràn thành inf hoặc nan: bùng nổ</translation>
    </message>
    <message>
        <source>%(share)s of layer %(worst)s&apos;s units are dead (zero gradient for the whole batch)</source>
        <translation>%(share)s số nơ-ron của lớp %(worst)s đã chết (gradient bằng 0 cho cả lô)</translation>
    </message>
    <message>
        <source>activations shrink to %(ratio)s of layer 1&apos;s spread: the signal dies out</source>
        <translation>kích hoạt co lại còn %(ratio)s độ phân tán của lớp 1: tín hiệu tắt dần</translation>
    </message>
    <message>
        <source>signals and gradients keep their scale through the stack</source>
        <translation>tín hiệu và gradient giữ nguyên độ lớn qua các lớp</translation>
    </message>
    <message>
        <source>%s layers × %s · gain %s · %s ms</source>
        <translation>%s lớp × %s · hệ số gain %s · %s ms</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <source>Computing…</source>
        <translation>Đang tính…</translation>
    </message>
</context>
<context>
    <name>SweepView</name>
    <message>
        <source>Swept parameter</source>
        <translation>Tham số được quét</translation>
    </message>
    <message>
        <source>&amp;Play Sweep</source>
        <translation>&amp;Chạy phép quét</translation>
    </message>
    <message>
        <source>Step through the swept values, one bold curve at a time</source>
        <translation>Lần lượt qua từng giá trị được quét, mỗi lần tô đậm một đường cong</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ Chạy</translation>
    </message>
    <message>
        <source>⏸ Pause</source>
        <translation>⏸ Tạm dừng</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>Quét</translation>
    </message>
    <message>
        <source>from</source>
        <translation>từ</translation>
    </message>
    <message>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>số bước</translation>
    </message>
    <message>
        <source>Output f(x; p)</source>
        <translation>Đầu ra f(x; p)</translation>
    </message>
    <message>
        <source>Derivative f′(x; p)</source>
        <translation>Đạo hàm f′(x; p)</translation>
    </message>
    <message>
        <source>%(n)d curves · %(param)s from %(a)s to %(b)s · %(ms)s ms</source>
        <translation>%(n)d đường cong · %(param)s từ %(a)s đến %(b)s · %(ms)s ms</translation>
    </message>
</context>
<context>
    <name>TrainPlots</name>
    <message>
        <source>Prediction</source>
        <translation>Dự đoán</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Nơ-ron</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>mất mát</translation>
    </message>
    <message>
        <source>step</source>
        <translation>bước</translation>
    </message>
    <message>
        <source>Loss · test dashed</source>
        <translation>Mất mát (nét đứt: kiểm tra)</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Độ chính xác</translation>
    </message>
    <message>
        <source>Dead units</source>
        <translation>Nơ-ron chết</translation>
    </message>
    <message>
        <source>Mean |f′|</source>
        <translation>Trung bình |f′|</translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation>Chuẩn gradient</translation>
    </message>
    <message>
        <source>Fraction of each layer&apos;s units whose f′ is 0 on every train point</source>
        <translation>Tỉ lệ nơ-ron của mỗi lớp có f′ bằng 0 trên mọi điểm huấn luyện</translation>
    </message>
    <message>
        <source>Layer %(l)d, unit %(u)d</source>
        <translation>Lớp %(l)d, nơ-ron %(u)d</translation>
    </message>
    <message>
        <source>Prediction at step %s</source>
        <translation>Dự đoán ở bước %s</translation>
    </message>
    <message>
        <source>Each hidden unit&apos;s activation over the plane, a column per layer</source>
        <translation>Kích hoạt của từng nơ-ron ẩn trên mặt phẳng, mỗi lớp một cột</translation>
    </message>
    <message>
        <source> · the first %d of each layer</source>
        <translation> · %d nơ-ron đầu của mỗi lớp</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Các lượt chạy</translation>
    </message>
    <message>
        <source>R² · test dashed</source>
        <translation>R² (nét đứt: kiểm tra)</translation>
    </message>
    <message>
        <source>Accuracy · test dashed</source>
        <translation>Độ chính xác (nét đứt: kiểm tra)</translation>
    </message>
    <message>
        <source>No hidden layer</source>
        <translation>Không có lớp ẩn</translation>
    </message>
    <message>
        <source>Each run&apos;s prediction</source>
        <translation>Dự đoán của từng lượt chạy</translation>
    </message>
    <message>
        <source>layer %d</source>
        <translation>lớp %d</translation>
    </message>
</context>
<context>
    <name>TrainView</name>
    <message>
        <source>Step</source>
        <translation>Một bước</translation>
    </message>
    <message>
        <source>Train one step (Ctrl+Right)</source>
        <translation>Huấn luyện một bước (Ctrl+Phải)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Đặt lại</translation>
    </message>
    <message>
        <source>Back to the initialised network, step 0</source>
        <translation>Quay về mạng vừa khởi tạo, bước 0</translation>
    </message>
    <message>
        <source>circle</source>
        <translation>hình tròn</translation>
    </message>
    <message>
        <source>xor</source>
        <translation>xor</translation>
    </message>
    <message>
        <source>two gaussians</source>
        <translation>hai cụm Gauss</translation>
    </message>
    <message>
        <source>spiral</source>
        <translation>xoắn ốc</translation>
    </message>
    <message>
        <source>two moons</source>
        <translation>hai vầng trăng</translation>
    </message>
    <message>
        <source>plane (regression)</source>
        <translation>mặt phẳng (hồi quy)</translation>
    </message>
    <message>
        <source>gaussian bump (regression)</source>
        <translation>đồi Gauss (hồi quy)</translation>
    </message>
    <message>
        <source>your points</source>
        <translation>điểm của bạn</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>Nhập CSV…</translation>
    </message>
    <message>
        <source>Your own points: x1,x2,label (classes) or x1,x2,y (regression)</source>
        <translation>Điểm của riêng bạn: x1,x2,label (phân lớp) hoặc x1,x2,y (hồi quy)</translation>
    </message>
    <message>
        <source>Units per hidden layer, e.g. 8,8 (up to 8 layers of 256; empty: none)</source>
        <translation>Số nơ-ron mỗi lớp ẩn, ví dụ 8,8 (tối đa 8 lớp, mỗi lớp 256; để trống: không có)</translation>
    </message>
    <message>
        <source>Another activation in some hidden layers, e.g. 2=tanh, 3=gelu (empty: the one chosen)</source>
        <translation>Dùng hàm kích hoạt khác ở một số lớp ẩn, ví dụ 2=tanh, 3=gelu (để trống: hàm đang chọn)</translation>
    </message>
    <message>
        <source>SGD&apos;s momentum (Adam keeps its own moments)</source>
        <translation>Momentum của SGD (Adam tự giữ các mômen của nó)</translation>
    </message>
    <message>
        <source>residual</source>
        <translation>phần dư (residual)</translation>
    </message>
    <message>
        <source>LayerNorm</source>
        <translation>LayerNorm</translation>
    </message>
    <message>
        <source>What the network is given of each point</source>
        <translation>Những gì mạng nhận được từ mỗi điểm</translation>
    </message>
    <message>
        <source>Train this activation too, on the same data, initialisation and seed</source>
        <translation>Huấn luyện cả hàm kích hoạt này, trên cùng dữ liệu, cùng khởi tạo và cùng seed</translation>
    </message>
    <message>
        <source>data</source>
        <translation>dữ liệu</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>nhiễu</translation>
    </message>
    <message>
        <source>points</source>
        <translation>số điểm</translation>
    </message>
    <message>
        <source>train</source>
        <translation>huấn luyện</translation>
    </message>
    <message>
        <source>data seed</source>
        <translation>seed dữ liệu</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>đầu vào</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>lớp ẩn</translation>
    </message>
    <message>
        <source>per layer</source>
        <translation>từng lớp</translation>
    </message>
    <message>
        <source>init</source>
        <translation>khởi tạo</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>bộ tối ưu</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>lr</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>momentum</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>batch</translation>
    </message>
    <message>
        <source>L1</source>
        <translation>L1</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>seed</translation>
    </message>
    <message>
        <source>race against</source>
        <translation>đua với</translation>
    </message>
    <message>
        <source>Click the prediction to add a point of class 1, Shift+click for class 0 (regression: +1, −1), Ctrl+click to remove the nearest; hover a unit to see it large. Space plays and pauses.</source>
        <translation>Nhấp vào dự đoán để thêm một điểm lớp 1, Shift+nhấp cho lớp 0 (hồi quy: +1, −1), Ctrl+nhấp để xóa điểm gần nhất; rê chuột lên một nơ-ron để xem lớn. Phím cách để chạy và tạm dừng.</translation>
    </message>
    <message>
        <source>Train One Step</source>
        <translation>Huấn luyện một bước</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Huấn luyện</translation>
    </message>
    <message>
        <source>step %(step)s · %(rate)s steps/s</source>
        <translation>bước %(step)s · %(rate)s bước/giây</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Chạy</translation>
    </message>
    <message>
        <source>Train continuously (Space)</source>
        <translation>Huấn luyện liên tục (phím cách)</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation>Tạm dừng (phím cách)</translation>
    </message>
    <message>
        <source>The network needs at least one input</source>
        <translation>Mạng cần ít nhất một đầu vào</translation>
    </message>
    <message>
        <source>Import Points</source>
        <translation>Nhập điểm</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Tệp CSV (*.csv);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>%d points from %s</source>
        <translation>%d điểm từ %s</translation>
    </message>
    <message>
        <source>Training stopped: %s</source>
        <translation>Đã dừng huấn luyện: %s</translation>
    </message>
    <message>
        <source>step %(step)s · train loss %(train)s · test loss %(test)s · %(metric)s %(value)s</source>
        <translation>bước %(step)s · mất mát huấn luyện %(train)s · mất mát kiểm tra %(test)s · %(metric)s %(value)s</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>độ chính xác kiểm tra</translation>
    </message>
    <message>
        <source>test R²</source>
        <translation>R² kiểm tra</translation>
    </message>
</context>
<context>
    <name>ViewBox</name>
    <message>
        <source>X axis</source>
        <translation>Trục X</translation>
    </message>
    <message>
        <source>Y axis</source>
        <translation>Trục Y</translation>
    </message>
</context>
<context>
    <name>ViewHost</name>
    <message>
        <source>All views</source>
        <translation>Tất cả khung nhìn</translation>
    </message>
</context>
</TS>
