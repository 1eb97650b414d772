<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
    <context>
        <name>HistogramWidget</name>
        <message>
            <source>count</source>
            <translation>개수</translation>
        </message>
        <message>
            <source>log count</source>
            <translation>로그 개수</translation>
        </message>
    </context>
    <context>
        <name>InspectorPictures</name>
        <message>
            <source>ReLU: max(0, x), x = {stage}, computed as:</source>
            <translation>ReLU: max(0, x), x = {stage}, 계산 과정:</translation>
        </message>
        <message>
            <source>[{c}, {r}, {col}]  {w} × {x}</source>
            <translation>[{c}, {r}, {col}]  {w} × {x}</translation>
        </message>
        <message>
            <source>bias</source>
            <translation>편향</translation>
        </message>
        <message>
            <source>bias {b}</source>
            <translation>편향 {b}</translation>
        </message>
        <message>
            <source>dashed, empty: past the padding (ceil_mode's partial window)</source>
            <translation>점선, 빈 칸: 패딩 바깥 (ceil_mode의 부분 창)</translation>
        </message>
        <message>
            <source>divisor: {rule}</source>
            <translation>나누는 수: {rule}</translation>
        </message>
        <message>
            <source>fc[{i}]: the {n} largest of {count} products weight × input</source>
            <translation>fc[{i}]: 가중치 × 입력 곱 {count}개 중 가장 큰 {n}개</translation>
        </message>
        <message>
            <source>hatched: padding ({fill})</source>
            <translation>빗금: 패딩 ({fill})</translation>
        </message>
        <message>
            <source>hatched: padding, padding_mode='circular' wraps from the far side</source>
            <translation>빗금: 패딩, padding_mode='circular'는 반대쪽 끝에서 값을 가져옵니다</translation>
        </message>
        <message>
            <source>hatched: padding, padding_mode='reflect' mirrors the pixels (edge not repeated)</source>
            <translation>빗금: 패딩, padding_mode='reflect'는 픽셀을 거울처럼 비춥니다 (가장자리는 반복하지 않음)</translation>
        </message>
        <message>
            <source>hatched: padding, padding_mode='replicate' repeats the edge pixel</source>
            <translation>빗금: 패딩, padding_mode='replicate'는 가장자리 픽셀을 반복합니다</translation>
        </message>
        <message>
            <source>hatched: padding, padding_mode='zeros' puts 0 there</source>
            <translation>빗금: 패딩, padding_mode='zeros'는 0을 넣습니다</translation>
        </message>
        <message>
            <source>index {i} = {c}·{hw} + {r}·{w} + {col} → {prev}[{c}, {r}, {col}]</source>
            <translation>인덱스 {i} = {c}·{hw} + {r}·{w} + {col} → {prev}[{c}, {r}, {col}]</translation>
        </message>
        <message>
            <source>max = {v}, at row {r}, column {c} (framed)</source>
            <translation>최댓값 = {v}, {r}행 {c}열 (테두리 표시)</translation>
        </message>
        <message>
            <source>narrow hatched strips: positions the dilation skips</source>
            <translation>좁은 빗금 띠: 팽창이 건너뛰는 위치</translation>
        </message>
        <message>
            <source>no bias</source>
            <translation>편향 없음</translation>
        </message>
        <message>
            <source>sum {s} ÷ {d} = {v}</source>
            <translation>합 {s} ÷ {d} = {v}</translation>
        </message>
        <message>
            <source>the other {n} products</source>
            <translation>나머지 곱 {n}개</translation>
        </message>
        <message>
            <source>total = {t} (the class's score before softmax)</source>
            <translation>합계 = {t} (softmax 전 클래스 점수)</translation>
        </message>
        <message>
            <source>{prev} channel {c}  ×  kernel [{k}]  →  Σ {s}</source>
            <translation>{prev} 채널 {c}  ×  커널 [{k}]  →  Σ {s}</translation>
        </message>
        <message>
            <source>{type} pooling window on {prev} channel {c}</source>
            <translation>{prev} 채널 {c}의 {type} 풀링 창</translation>
        </message>
        <message>
            <source>Σ of {n} channel(s) {s}  +  {bias}  =  {t}</source>
            <translation>채널 {n}개의 Σ {s}  +  {bias}  =  {t}</translation>
        </message>
    </context>
    <context>
        <name>TileGrid</name>
        <message>
            <source>computing…</source>
            <translation>계산 중…</translation>
        </message>
        <message>
            <source>constant</source>
            <translation>상수</translation>
        </message>
        <message>
            <source>dead</source>
            <translation>죽은 채널</translation>
        </message>
    </context>
    <context>
        <name>cnnviz</name>
        <message>
            <source>  Activations: </source>
            <translation>  활성화 맵: </translation>
        </message>
        <message>
            <source>  Range: </source>
            <translation>  범위: </translation>
        </message>
        <message>
            <source> (and {n} more problem(s), marked in the sidebar)</source>
            <translation> (그 밖에 문제 {n}개, 사이드바에 표시됨)</translation>
        </message>
        <message>
            <source> (negative: ReLU outputs 0)</source>
            <translation> (음수: ReLU는 0을 냅니다)</translation>
        </message>
        <message>
            <source> (no bias)</source>
            <translation> (편향 없음)</translation>
        </message>
        <message>
            <source> + bias ({b})</source>
            <translation> + 편향 ({b})</translation>
        </message>
        <message>
            <source> Feature maps: </source>
            <translation> 특징 맵: </translation>
        </message>
        <message>
            <source> or H,W</source>
            <translation> 또는 H,W</translation>
        </message>
        <message>
            <source> or HxW</source>
            <translation> 또는 HxW</translation>
        </message>
        <message>
            <source> steps</source>
            <translation> 단계</translation>
        </message>
        <message>
            <source> · EDITED</source>
            <translation> · 편집됨</translation>
        </message>
        <message>
            <source>&amp;About cnnviz</source>
            <translation>cnnviz 정보(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Batch Axis (N × C × H × W)</source>
            <translation>배치 축(&amp;B) (N × C × H × W)</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>편집(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Export View as PNG…</source>
            <translation>보기를 PNG로 내보내기(&amp;E)…</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>파일(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Full Screen</source>
            <translation>전체 화면(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>도움말(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;How to Read This Window</source>
            <translation>이 창 읽는 법(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Input</source>
            <translation>입력(&amp;I)</translation>
        </message>
        <message>
            <source>&amp;Keyboard Shortcuts</source>
            <translation>단축키(&amp;K)</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>언어(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Load Weights…</source>
            <translation>가중치 불러오기(&amp;L)…</translation>
        </message>
        <message>
            <source>&amp;Open Image…</source>
            <translation>이미지 열기(&amp;O)…</translation>
        </message>
        <message>
            <source>&amp;Padding and Rounding…</source>
            <translation>패딩과 내림(&amp;P)…</translation>
        </message>
        <message>
            <source>&amp;Paste Image</source>
            <translation>이미지 붙여넣기(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Quick Test Patterns</source>
            <translation>빠른 테스트 패턴(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>끝내기(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>다시 실행(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Reset Zoom</source>
            <translation>확대/축소 초기화(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Samples</source>
            <translation>예제(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Save Session…</source>
            <translation>세션 저장(&amp;S)…</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>실행 취소(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>보기(&amp;V)</translation>
        </message>
        <message>
            <source>'batch' must be a whole number from 1</source>
            <translation>'batch'는 1 이상의 정수여야 합니다</translation>
        </message>
        <message>
            <source>'cnnviz settings' lists every key</source>
            <translation>'cnnviz settings'가 모든 키를 보여 줍니다</translation>
        </message>
        <message>
            <source>'device' must be text such as cpu or cuda:0</source>
            <translation>'device'는 cpu나 cuda:0 같은 글자여야 합니다</translation>
        </message>
        <message>
            <source>'number' must be a whole number from 1</source>
            <translation>'number'는 1 이상의 정수여야 합니다</translation>
        </message>
        <message>
            <source>'pattern' must be text such as checkerboard:8, or null</source>
            <translation>'pattern'은 checkerboard:8 같은 글자이거나 null이어야 합니다</translation>
        </message>
        <message>
            <source>'same' padding with an even kernel: torch puts the extra row at the bottom and the extra column at the right.</source>
            <translation>짝수 커널의 'same' 패딩: torch는 남는 한 행을 아래쪽에, 남는 한 열을 오른쪽에 넣습니다.</translation>
        </message>
        <message>
            <source>'view' must be an object</source>
            <translation>'view'는 객체여야 합니다</translation>
        </message>
        <message>
            <source>'{at}' is not a cell: write ROW,COL (with --channel), C,ROW,COL or one INDEX</source>
            <translation>'{at}'은(는) 칸이 아닙니다: ROW,COL(--channel과 함께), C,ROW,COL 또는 INDEX 하나로 쓰세요</translation>
        </message>
        <message>
            <source>'{key}' is given twice</source>
            <translation>'{key}'이(가) 두 번 주어졌습니다</translation>
        </message>
        <message>
            <source>'{layer}' is not a conv layer; write conv1 to conv{n}</source>
            <translation>'{layer}'은(는) conv 계층이 아닙니다. conv1에서 conv{n}까지로 쓰세요</translation>
        </message>
        <message>
            <source>'{mode}' is not one of: {modes}</source>
            <translation>'{mode}'는 다음 중 하나가 아닙니다: {modes}</translation>
        </message>
        <message>
            <source>'{name}' ({shape}, {dtype}) needs {need:,} bytes but its offsets {begin:,}–{end:,} do not hold them within the {have:,} bytes of data</source>
            <translation>'{name}'({shape}, {dtype})에는 {need:,}바이트가 필요한데, 오프셋 {begin:,}–{end:,}이(가) 데이터 {have:,}바이트 안에 그만큼을 담지 않습니다</translation>
        </message>
        <message>
            <source>'{name}' contains NaN or infinite values</source>
            <translation>'{name}'에 NaN이나 무한대 값이 들어 있습니다</translation>
        </message>
        <message>
            <source>'{name}' extends past the end of the file (truncated?)</source>
            <translation>'{name}'이(가) 파일 끝을 넘어갑니다 (잘렸나요?)</translation>
        </message>
        <message>
            <source>'{name}' has a shape that is not a list of at most {n} sizes</source>
            <translation>'{name}'의 모양이 크기 {n}개 이하의 목록이 아닙니다</translation>
        </message>
        <message>
            <source>'{name}' has data_offsets that are not two numbers</source>
            <translation>'{name}'의 data_offsets가 수 두 개가 아닙니다</translation>
        </message>
        <message>
            <source>'{name}' has type {dtype}; cnnviz reads {allowed}</source>
            <translation>'{name}'의 자료형은 {dtype}입니다. cnnviz는 {allowed}을(를) 읽습니다</translation>
        </message>
        <message>
            <source>'{name}' has type {dtype}; weights must be numbers</source>
            <translation>'{name}'의 자료형은 {dtype}입니다. 가중치는 숫자여야 합니다</translation>
        </message>
        <message>
            <source>'{name}' has {n} dimensions (at most {limit})</source>
            <translation>'{name}'은(는) {n}차원입니다 (최대 {limit})</translation>
        </message>
        <message>
            <source>'{name}' inside the archive is compressed ({packed:,} bytes that expand to {size:,}); torch.save never compresses, so cnnviz refuses compressed members (zip bombs)</source>
            <translation>압축 파일 안의 '{name}'이(가) 압축되어 있습니다 ({packed:,}바이트가 {size:,}(으)로 풀림). torch.save는 압축하지 않으므로 cnnviz는 압축된 항목을 거부합니다 (zip 폭탄)</translation>
        </message>
        <message>
            <source>'{name}' is a {kind}, not a tensor</source>
            <translation>'{name}'은(는) 텐서가 아니라 {kind}입니다</translation>
        </message>
        <message>
            <source>'{name}' is a {shape} view with strides {strides} whose elements overlap (zero, negative or overlapping strides); cnnviz reads tensors whose every value is stored</source>
            <translation>'{name}'은(는) 간격(stride) {strides}인 {shape} 뷰로, 원소가 겹칩니다 (0, 음수 또는 겹치는 간격). cnnviz는 모든 값이 저장된 텐서만 읽습니다</translation>
        </message>
        <message>
            <source>'{name}' is not a Python class name</source>
            <translation>'{name}'은(는) Python 클래스 이름이 아닙니다</translation>
        </message>
        <message>
            <source>'{name}' is not a device; use auto, cpu, cuda, cuda:N or mps</source>
            <translation>'{name}'은(는) 장치가 아닙니다. auto, cpu, cuda, cuda:N 또는 mps를 쓰세요</translation>
        </message>
        <message>
            <source>'{name}' is not a part of a weights file (expected state_dict, settings, metadata)</source>
            <translation>'{name}'은(는) 가중치 파일의 부분이 아닙니다 (state_dict, settings, metadata 중 하나여야 함)</translation>
        </message>
        <message>
            <source>'{name}' is not an image file; cnnviz reads {suffixes}</source>
            <translation>'{name}'은(는) 이미지 파일이 아닙니다. cnnviz가 읽는 형식: {suffixes}</translation>
        </message>
        <message>
            <source>'{name}' is not described by dtype, shape and data_offsets</source>
            <translation>'{name}'이(가) dtype, shape, data_offsets로 설명되어 있지 않습니다</translation>
        </message>
        <message>
            <source>'{name}' is {kind}; cnnviz reads plain dense tensors</source>
            <translation>'{name}'은(는) {kind}입니다. cnnviz는 일반 밀집 텐서만 읽습니다</translation>
        </message>
        <message>
            <source>'{name}' must be a file path or null</source>
            <translation>'{name}'은(는) 파일 경로이거나 null이어야 합니다</translation>
        </message>
        <message>
            <source>'{name}' overlaps the tensor before it</source>
            <translation>'{name}'이(가) 앞의 텐서와 겹칩니다</translation>
        </message>
        <message>
            <source>'{name}' reaches past the end of its storage ({n:,} bytes)</source>
            <translation>'{name}'이(가) 저장 공간의 끝({n:,}바이트)을 넘어갑니다</translation>
        </message>
        <message>
            <source>'{part}': write {name}'s arguments as key=value ({keys})</source>
            <translation>'{part}': {name}의 인자를 key=value 꼴로 쓰세요 ({keys})</translation>
        </message>
        <message>
            <source>'{text}' is not KEY=VALUE (e.g. conv1.stride=2)</source>
            <translation>'{text}'은(는) KEY=VALUE 꼴이 아닙니다 (예: conv1.stride=2)</translation>
        </message>
        <message>
            <source>'{text}' is not LAYER:CHANNEL=FILTER (e.g. conv1:0=sobel_x or conv1:0=sobel_x@r)</source>
            <translation>'{text}'은(는) LAYER:CHANNEL=FILTER(계층:채널=필터) 꼴이 아닙니다 (예: conv1:0=sobel_x 또는 conv1:0=sobel_x@r)</translation>
        </message>
        <message>
            <source>'{text}' is not a number or a pair of numbers (write {example})</source>
            <translation>'{text}'은(는) 수나 수의 쌍이 아닙니다 ({example}처럼 쓰세요)</translation>
        </message>
        <message>
            <source>'{text}' is not a number: a kernel value is a finite number such as -1 or 0.25</source>
            <translation>'{text}'은(는) 수가 아닙니다: 커널 값은 -1이나 0.25 같은 유한한 수입니다</translation>
        </message>
        <message>
            <source>'{text}' is not a number: the bias is a finite number such as 0 or -0.5</source>
            <translation>'{text}'은(는) 수가 아닙니다: 편향은 0이나 -0.5 같은 유한한 수입니다</translation>
        </message>
        <message>
            <source>'{text}' is not a size (write 256 or 128x192)</source>
            <translation>'{text}'은(는) 크기가 아닙니다 (256이나 128x192로 쓰세요)</translation>
        </message>
        <message>
            <source>'{text}' is not a size; write e.g. 2G, 1500M or 800MB</source>
            <translation>'{text}'은(는) 크기가 아닙니다. 2G, 1500M, 800MB처럼 쓰세요</translation>
        </message>
        <message>
            <source>'{text}' is not a valid value</source>
            <translation>'{text}'은(는) 올바른 값이 아닙니다</translation>
        </message>
        <message>
            <source>'{text}' is not a whole number</source>
            <translation>'{text}'은(는) 정수가 아닙니다</translation>
        </message>
        <message>
            <source>'{text}' is not an input channel: write grey or a channel number (r, g, b are conv1's)</source>
            <translation>'{text}'은(는) 입력 채널이 아닙니다: grey나 채널 번호를 쓰세요 (r, g, b는 conv1용입니다)</translation>
        </message>
        <message>
            <source>'{text}' is not an input channel: write grey, r, g, b or a channel number</source>
            <translation>'{text}'은(는) 입력 채널이 아닙니다: grey, r, g, b 또는 채널 번호를 쓰세요</translation>
        </message>
        <message>
            <source>'{text}' is not one of: {choices}</source>
            <translation>'{text}'은(는) 다음 중 하나가 아닙니다: {choices}</translation>
        </message>
        <message>
            <source>'{text}' is not true or false</source>
            <translation>'{text}'은(는) true나 false가 아닙니다</translation>
        </message>
        <message>
            <source>'{value}' is not a JSON number</source>
            <translation>'{value}'은(는) JSON 수가 아닙니다</translation>
        </message>
        <message>
            <source>'{value}' is not one of: {choices}</source>
            <translation>'{value}'는 다음 중 하나가 아닙니다: {choices}</translation>
        </message>
        <message>
            <source>(blocks 3 to 5 have the same keys: conv3.*, pool3.*, …; --all lists them)</source>
            <translation>(블록 3~5도 같은 키를 씁니다: conv3.*, pool3.*, …; --all로 모두 봅니다)</translation>
        </message>
        <message>
            <source>(cnnviz lessons N shows one; add --answer to see the answers)</source>
            <translation>(cnnviz lessons N으로 하나를 봅니다. 답을 보려면 --answer를 붙이세요)</translation>
        </message>
        <message>
            <source>(in the inspector) forget the selected cell and its receptive field</source>
            <translation>(검사기에서) 선택한 셀과 수용 영역 지우기</translation>
        </message>
        <message>
            <source>(no suffix)</source>
            <translation>(확장자 없음)</translation>
        </message>
        <message>
            <source>(the preview returns once the lesson's question is answered)</source>
            <translation>(수업의 질문에 답하면 미리보기가 다시 나타납니다)</translation>
        </message>
        <message>
            <source>(the result on screen; the current settings differ)</source>
            <translation>(화면의 결과; 현재 설정과 다름)</translation>
        </message>
        <message>
            <source>+max</source>
            <translation>+최대</translation>
        </message>
        <message>
            <source>+{n} more channels</source>
            <translation>+채널 {n}개 더</translation>
        </message>
        <message>
            <source>, centred on 0</source>
            <translation>, 0을 가운데로</translation>
        </message>
        <message>
            <source>, not the {m} past the padding</source>
            <translation>, 패딩 너머의 {m}개는 빼고</translation>
        </message>
        <message>
            <source>--pattern, --kernel and --compare render one image, not a folder</source>
            <translation>--pattern, --kernel, --compare는 폴더가 아니라 이미지 하나를 그립니다</translation>
        </message>
        <message>
            <source>--sizes wants whole numbers separated by commas, such as 256,512,1024; got {text}</source>
            <translation>--sizes에는 256,512,1024처럼 쉼표로 구분한 정수를 주세요. 받은 값: {text}</translation>
        </message>
        <message>
            <source>0 (counted in the divisor only with count_include_pad)</source>
            <translation>0 (count_include_pad일 때만 나누는 수에 셈)</translation>
        </message>
        <message>
            <source>16-bit values {lo}–{hi} scaled to 0–1</source>
            <translation>16비트 값 {lo}–{hi}을(를) 0–1로 조정함</translation>
        </message>
        <message>
            <source>32-bit values {lo}–{hi} scaled to 0–1</source>
            <translation>32비트 값 {lo}–{hi}을(를) 0–1로 조정함</translation>
        </message>
        <message>
            <source>&lt;b&gt;{stage}&lt;/b&gt; · channel {ch} of {n} · {shape} · range {lo:.4g} … {hi:.4g}</source>
            <translation>&lt;b&gt;{stage}&lt;/b&gt; · 채널 {ch}/{n} · {shape} · 범위 {lo:.4g} … {hi:.4g}</translation>
        </message>
        <message>
            <source>&lt;b&gt;{stage}&lt;/b&gt; · {shape} values</source>
            <translation>&lt;b&gt;{stage}&lt;/b&gt; · 값 {shape}</translation>
        </message>
        <message>
            <source>A</source>
            <translation>A</translation>
        </message>
        <message>
            <source>A with {changes}</source>
            <translation>{changes}을(를) 적용한 A</translation>
        </message>
        <message>
            <source>A: pinned. B: the current result, changed from A by: {changes}.</source>
            <translation>A: 고정한 결과. B: 현재 결과, A에서 바뀐 것: {changes}.</translation>
        </message>
        <message>
            <source>A: {a}</source>
            <translation>A: {a}</translation>
        </message>
        <message>
            <source>A: {a}, B: {b}: no pixel-wise difference</source>
            <translation>A: {a}, B: {b}: 픽셀별 차이 없음</translation>
        </message>
        <message>
            <source>About cnnviz</source>
            <translation>cnnviz 정보</translation>
        </message>
        <message>
            <source>Adam's learning rate, decayed to 0 over the run</source>
            <translation>Adam의 학습률, 실행하는 동안 0까지 줄어듦</translation>
        </message>
        <message>
            <source>Adam's peak learning rate (default {n})</source>
            <translation>Adam의 최대 학습률 (기본값 {n})</translation>
        </message>
        <message>
            <source>Adam's weight decay (default {n})</source>
            <translation>Adam의 가중치 감쇠 (기본값 {n})</translation>
        </message>
        <message>
            <source>Add a learned constant to each output channel.</source>
            <translation>출력 채널마다 학습되는 상수(편향)를 더합니다.</translation>
        </message>
        <message>
            <source>Answer: {answer}</source>
            <translation>답: {answer}</translation>
        </message>
        <message>
            <source>Apply Filter</source>
            <translation>필터 적용</translation>
        </message>
        <message>
            <source>Apply this step's settings and input again (undoable with Ctrl+Z)</source>
            <translation>이 단계의 설정과 입력을 다시 적용합니다 (Ctrl+Z로 되돌릴 수 있음)</translation>
        </message>
        <message>
            <source>As 'cnnviz train'</source>
            <translation>'cnnviz train'과 같게</translation>
        </message>
        <message>
            <source>As text (also for cnnviz render --pattern):</source>
            <translation>글자로 (cnnviz render --pattern에도 씀):</translation>
        </message>
        <message>
            <source>Average pooling: count padding pixels in the divisor.</source>
            <translation>평균값 풀링: 패딩 픽셀도 나누는 수에 셉니다.</translation>
        </message>
        <message>
            <source>Average pooling: divide every window's sum by this number instead.</source>
            <translation>평균값 풀링: 각 윈도의 합을 이 수로 대신 나눕니다.</translation>
        </message>
        <message>
            <source>B</source>
            <translation>B</translation>
        </message>
        <message>
            <source>B: {b}</source>
            <translation>B: {b}</translation>
        </message>
        <message>
            <source>Back to lesson {n}</source>
            <translation>{n}강으로 돌아가기</translation>
        </message>
        <message>
            <source>Back to the Step</source>
            <translation>단계로 돌아가기</translation>
        </message>
        <message>
            <source>Back to the loaded or seeded weights</source>
            <translation>불러온 가중치나 시드 가중치로 되돌리기</translation>
        </message>
        <message>
            <source>Batch size N:</source>
            <translation>배치 크기 N:</translation>
        </message>
        <message>
            <source>Bias</source>
            <translation>편향</translation>
        </message>
        <message>
            <source>Block {b}: conv{b} → relu{b} → pool{b}</source>
            <translation>블록 {b}: conv{b} → relu{b} → pool{b}</translation>
        </message>
        <message>
            <source>Blue-tinted and hatched in the corners: padding, with the value the layer puts there. Red: real rows or columns no window reads. Dashed, empty: cells a ceil_mode window covers past the padding. Yellow frame: the real input.</source>
            <translation>모서리 확대에서 파란빛 빗금: 패딩, 계층이 넣는 값과 함께. 빨강: 어떤 창도 읽지 않는 실제 행이나 열. 점선, 빈 칸: ceil_mode 창이 패딩 너머로 덮는 셀. 노란 테두리: 실제 입력.</translation>
        </message>
        <message>
            <source>CPU threads (default: torch's choice)</source>
            <translation>CPU 스레드 수 (기본값: torch가 정함)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>취소</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>확인</translation>
        </message>
        <message>
            <source>Class &amp;Evidence (Grad-CAM)</source>
            <translation>클래스 근거(&amp;E) (Grad-CAM)</translation>
        </message>
        <message>
            <source>Class evidence (Grad-CAM)</source>
            <translation>클래스 근거 (Grad-CAM)</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>지우기</translation>
        </message>
        <message>
            <source>Click a cell of any map (or press Enter on it) to see where its value comes from.</source>
            <translation>아무 맵의 칸을 누르면(또는 그 위에서 Enter) 그 값이 어디서 오는지 보여 줍니다.</translation>
        </message>
        <message>
            <source>Click a class to see where its evidence came from (Class evidence)</source>
            <translation>클래스를 누르면 그 근거가 어디서 왔는지 보여 줍니다 (클래스 근거)</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>닫기</translation>
        </message>
        <message>
            <source>Colormap</source>
            <translation>색상표</translation>
        </message>
        <message>
            <source>Colormap for &amp;Activations</source>
            <translation>활성화 맵 색상표(&amp;A)</translation>
        </message>
        <message>
            <source>Colormap for &amp;Feature Maps (signed)</source>
            <translation>특징 맵 색상표(부호 있음)(&amp;F)</translation>
        </message>
        <message>
            <source>Colormap, range, histogram and export for this panel</source>
            <translation>이 패널의 색상표, 범위, 히스토그램, 내보내기</translation>
        </message>
        <message>
            <source>Colours</source>
            <translation>색</translation>
        </message>
        <message>
            <source>Compare</source>
            <translation>비교</translation>
        </message>
        <message>
            <source>Conv2d</source>
            <translation>Conv2d</translation>
        </message>
        <message>
            <source>Copied the PyTorch code to the clipboard.</source>
            <translation>PyTorch 코드를 클립보드에 복사했습니다.</translation>
        </message>
        <message>
            <source>Copied the network as PyTorch code.</source>
            <translation>신경망을 PyTorch 코드로 복사했습니다.</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>복사</translation>
        </message>
        <message>
            <source>Copy as &amp;PyTorch</source>
            <translation>PyTorch 코드로 복사(&amp;P)</translation>
        </message>
        <message>
            <source>Device: </source>
            <translation>장치: </translation>
        </message>
        <message>
            <source>Dimmed panels</source>
            <translation>흐리게 보이는 패널</translation>
        </message>
        <message>
            <source>Dismiss</source>
            <translation>닫기</translation>
        </message>
        <message>
            <source>Drag to change the input size (square)</source>
            <translation>끌어서 입력 크기를 바꿉니다 (정사각형)</translation>
        </message>
        <message>
            <source>Edited in {layer}: channel {channels}. Total edits: {n}.</source>
            <translation>{layer}에서 편집한 채널: {channels}. 전체 편집: {n}개.</translation>
        </message>
        <message>
            <source>Every panel set to 'fixed' uses this range; values outside it take the end colours.</source>
            <translation>'fixed'로 설정한 모든 패널이 이 범위를 씁니다. 범위 밖의 값은 양 끝 색이 됩니다.</translation>
        </message>
        <message>
            <source>Evidence for “{name}”: {method}; yellow = where the evidence came from, dark = none</source>
            <translation>“{name}”의 근거: {method}. 노란색 = 근거가 나온 곳, 어두운 곳 = 근거 없음</translation>
        </message>
        <message>
            <source>Export Panel</source>
            <translation>패널 내보내기</translation>
        </message>
        <message>
            <source>Export Stages</source>
            <translation>단계 내보내기</translation>
        </message>
        <message>
            <source>Export Stages as &amp;NPZ…</source>
            <translation>단계를 NPZ로 내보내기(&amp;N)…</translation>
        </message>
        <message>
            <source>Export View</source>
            <translation>보기 내보내기</translation>
        </message>
        <message>
            <source>Export panel as PNG…</source>
            <translation>패널을 PNG로 내보내기…</translation>
        </message>
        <message>
            <source>Filters</source>
            <translation>필터</translation>
        </message>
        <message>
            <source>Finished: {steps} steps in {time}.</source>
            <translation>완료: {time} 동안 {steps}단계.</translation>
        </message>
        <message>
            <source>Fit</source>
            <translation>맞춤</translation>
        </message>
        <message>
            <source>Fit the map to the window (Ctrl 0)</source>
            <translation>맵을 창 크기에 맞춤 (Ctrl 0)</translation>
        </message>
        <message>
            <source>Fix the settings first: there is no network to copy as code.</source>
            <translation>먼저 설정을 고치세요: 코드로 복사할 신경망이 없습니다.</translation>
        </message>
        <message>
            <source>Fix the settings first: they do not make a network to train.</source>
            <translation>먼저 설정을 고치세요: 학습할 신경망이 만들어지지 않습니다.</translation>
        </message>
        <message>
            <source>Fixed Range</source>
            <translation>고정 범위</translation>
        </message>
        <message>
            <source>Forget the selected cell and its receptive field (Esc)</source>
            <translation>선택한 셀과 수용 영역 지우기 (Esc)</translation>
        </message>
        <message>
            <source>G</source>
            <translation>G</translation>
        </message>
        <message>
            <source>Gaussian blur: a weighted mean, heaviest in the middle</source>
            <translation>가우스 흐림: 가운데에 가장 무거운 가중 평균</translation>
        </message>
        <message>
            <source>Go back to A's settings, image, weights and edits, and pin B as A</source>
            <translation>A의 설정, 이미지, 가중치, 편집으로 돌아가고 B를 A로 고정합니다</translation>
        </message>
        <message>
            <source>Height and width of each filter. Write 3 or 3,5 for 3 rows by 5 columns.</source>
            <translation>각 필터(커널)의 높이와 너비. 3 또는 3행 5열이면 3,5로 씁니다.</translation>
        </message>
        <message>
            <source>Height and width of the network's input, e.g. 256 or 256x320.</source>
            <translation>신경망 입력의 높이와 너비. 예: 256 또는 256x320.</translation>
        </message>
        <message>
            <source>Height and width of the pooling window.</source>
            <translation>풀링 윈도의 높이와 너비.</translation>
        </message>
        <message>
            <source>Held-out accuracy: {acc:.1f} % on {n} images it never trained on (guessing: 10 %).</source>
            <translation>검증 정확도: 학습에 쓰지 않은 이미지 {n}개에서 {acc:.1f} % (찍기: 10 %).</translation>
        </message>
        <message>
            <source>Help ▸ How to Read This Window explains each part; F1 opens it.</source>
            <translation>도움말 ▸ 이 창 읽는 법이 각 부분을 설명합니다. F1로 엽니다.</translation>
        </message>
        <message>
            <source>How far the window moves; none means the same as the window size.</source>
            <translation>윈도가 움직이는 거리(간격). none이면 윈도 크기와 같습니다.</translation>
        </message>
        <message>
            <source>How many conv -&gt; ReLU -&gt; pool blocks the network has.</source>
            <translation>신경망에 있는 conv -&gt; ReLU -&gt; pool 블록의 수.</translation>
        </message>
        <message>
            <source>How many filters the layer learns: one feature map per filter.</source>
            <translation>계층이 학습하는 필터의 수: 필터 하나마다 특징 맵 하나.</translation>
        </message>
        <message>
            <source>How many images go through the network at once (the first axis of every shape)</source>
            <translation>한 번에 신경망을 지나는 이미지 수 (모든 모양의 첫 번째 축)</translation>
        </message>
        <message>
            <source>How many pixels the filter moves between outputs. 2 halves the map.</source>
            <translation>출력 사이에 필터가 움직이는 픽셀 수(간격). 2면 맵이 절반이 됩니다.</translation>
        </message>
        <message>
            <source>How the image becomes the input: crop (resize the short side, then take the centre, as torchvision's Resize + CenterCrop do), fit inside and pad (see padding colour), stretch, or keep its native size (the shapes then follow the image).</source>
            <translation>이미지를 입력으로 만드는 방법: crop(짧은 변을 맞춘 뒤 가운데를 자름, torchvision의 Resize + CenterCrop처럼), 안에 맞추고 채우기(패딩 색 참고), 늘이기, 또는 원래 크기 유지(이때 모양은 이미지를 따릅니다).</translation>
        </message>
        <message>
            <source>How to Read This Window</source>
            <translation>이 창 읽는 법</translation>
        </message>
        <message>
            <source>How to read this window</source>
            <translation>이 창을 읽는 법</translation>
        </message>
        <message>
            <source>Images ({patterns});;All files (*)</source>
            <translation>이미지 ({patterns});;모든 파일 (*)</translation>
        </message>
        <message>
            <source>Implicit padding on each side; at most half the window.</source>
            <translation>양쪽에 붙는 암묵적 패딩. 윈도의 절반까지.</translation>
        </message>
        <message>
            <source>In PyTorch: {name}</source>
            <translation>PyTorch에서: {name}</translation>
        </message>
        <message>
            <source>Input and network</source>
            <translation>입력과 신경망</translation>
        </message>
        <message>
            <source>Input: {input}</source>
            <translation>입력: {input}</translation>
        </message>
        <message>
            <source>Inspector</source>
            <translation>검사기</translation>
        </message>
        <message>
            <source>It could not be opened: {reason}</source>
            <translation>열 수 없었습니다: {reason}</translation>
        </message>
        <message>
            <source>Keep what is on screen as A; then change anything to see B beside it</source>
            <translation>화면에 있는 것을 A로 남겨 둡니다. 그다음 무엇이든 바꾸면 옆에 B가 보입니다</translation>
        </message>
        <message>
            <source>Kept, but not used by this network: {edits}</source>
            <translation>남겨 두었지만 이 신경망에서는 쓰지 않음: {edits}</translation>
        </message>
        <message>
            <source>Kernel Editor</source>
            <translation>커널 편집기</translation>
        </message>
        <message>
            <source>Keyboard Shortcuts</source>
            <translation>단축키</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>단축키</translation>
        </message>
        <message>
            <source>L_out = ⌊(L_in + 2·padding − dilation·(kernel−1) − 1)/stride + 1⌋, with the layer's own numbers. The floor drops the rows and columns the last window would only partly cover.</source>
            <translation>L_out = ⌊(L_in + 2·패딩 − 팽창·(커널−1) − 1)/간격 + 1⌋, 계층 자신의 수로 계산합니다. 내림(floor)은 마지막 윈도가 일부만 덮을 행과 열을 버립니다.</translation>
        </message>
        <message>
            <source>Laplacian: the sum of second differences (edges both ways)</source>
            <translation>라플라시안: 2차 차분의 합 (양방향 가장자리)</translation>
        </message>
        <message>
            <source>Layer</source>
            <translation>계층</translation>
        </message>
        <message>
            <source>Layer names are cnnviz's, so its weights load with model.load_state_dict(...).</source>
            <translation>계층 이름이 cnnviz의 것과 같으므로 가중치를 model.load_state_dict(...)로 불러올 수 있습니다.</translation>
        </message>
        <message>
            <source>Layer:</source>
            <translation>계층:</translation>
        </message>
        <message>
            <source>Layers</source>
            <translation>계층</translation>
        </message>
        <message>
            <source>Lesson {n}: {title}</source>
            <translation>{n}강: {title}</translation>
        </message>
        <message>
            <source>Lessons</source>
            <translation>학습</translation>
        </message>
        <message>
            <source>Linear({f}, {c}) raises: {error}</source>
            <translation>Linear({f}, {c})가 오류를 냅니다: {error}</translation>
        </message>
        <message>
            <source>Linear({f}, {c}) → {out}</source>
            <translation>Linear({f}, {c}) → {out}</translation>
        </message>
        <message>
            <source>Load Weights</source>
            <translation>가중치 불러오기</translation>
        </message>
        <message>
            <source>Load a teacher's lesson files (*.toml) from a folder</source>
            <translation>선생님이 만든 학습 파일(*.toml)을 폴더에서 불러옵니다</translation>
        </message>
        <message>
            <source>Loaded weights from {name}</source>
            <translation>{name}에서 가중치를 불러왔습니다</translation>
        </message>
        <message>
            <source>Look at {stage}: {text}</source>
            <translation>{stage}을(를) 보세요: {text}</translation>
        </message>
        <message>
            <source>Look at {where}: {text}</source>
            <translation>{where}을(를) 보세요: {text}</translation>
        </message>
        <message>
            <source>MACs</source>
            <translation>MAC 수</translation>
        </message>
        <message>
            <source>Main</source>
            <translation>기본</translation>
        </message>
        <message>
            <source>Map</source>
            <translation>맵</translation>
        </message>
        <message>
            <source>Next channel (→)</source>
            <translation>다음 채널 (→)</translation>
        </message>
        <message>
            <source>Next →</source>
            <translation>다음 →</translation>
        </message>
        <message>
            <source>No edits in {layer}. Total edits: {n}.</source>
            <translation>{layer}에는 편집이 없습니다. 전체 편집: {n}개.</translation>
        </message>
        <message>
            <source>No image found in the {source}.</source>
            <translation>{source}에서 이미지를 찾지 못했습니다.</translation>
        </message>
        <message>
            <source>No image in the {source}: the text “{text}” is not the path of an existing file.</source>
            <translation>{source}에 이미지가 없습니다: 글자 “{text}”은(는) 있는 파일의 경로가 아닙니다.</translation>
        </message>
        <message>
            <source>No kernel edits: every kernel is the loaded or seeded one.</source>
            <translation>커널 편집 없음: 모든 커널이 불러온 것이거나 시드로 만든 것입니다.</translation>
        </message>
        <message>
            <source>Not quite: you said {given}; cnnviz computes {answer}.</source>
            <translation>아쉽네요: {given}(이)라고 답했지만 cnnviz의 계산은 {answer}입니다.</translation>
        </message>
        <message>
            <source>Nothing is computed yet: the padding view needs a result.</source>
            <translation>아직 계산된 것이 없습니다. 패딩 보기에는 결과가 필요합니다.</translation>
        </message>
        <message>
            <source>Nothing to export yet.</source>
            <translation>아직 내보낼 것이 없습니다.</translation>
        </message>
        <message>
            <source>Nothing to paste: the clipboard is empty.</source>
            <translation>붙여 넣을 것이 없습니다: 클립보드가 비어 있습니다.</translation>
        </message>
        <message>
            <source>Nothing to save yet: start training first.</source>
            <translation>아직 저장할 것이 없습니다: 먼저 학습을 시작하세요.</translation>
        </message>
        <message>
            <source>Nothing to save yet: the network has not run.</source>
            <translation>아직 저장할 것이 없습니다: 신경망이 실행되지 않았습니다.</translation>
        </message>
        <message>
            <source>Nothing to save: pin A first.</source>
            <translation>저장할 것이 없습니다: 먼저 A를 고정하세요.</translation>
        </message>
        <message>
            <source>One Range per Stage</source>
            <translation>단계마다 범위 하나</translation>
        </message>
        <message>
            <source>One screen pixel per value</source>
            <translation>값 하나에 화면 픽셀 하나</translation>
        </message>
        <message>
            <source>Open &amp;Recent</source>
            <translation>최근 파일 열기(&amp;R)</translation>
        </message>
        <message>
            <source>Open Folder…</source>
            <translation>폴더 열기…</translation>
        </message>
        <message>
            <source>Open Image</source>
            <translation>이미지 열기</translation>
        </message>
        <message>
            <source>Open Lesson &amp;Folder…</source>
            <translation>학습 폴더 열기(&amp;F)…</translation>
        </message>
        <message>
            <source>Open Lesson Folder</source>
            <translation>학습 폴더 열기</translation>
        </message>
        <message>
            <source>Open Se&amp;ssion…</source>
            <translation>세션 열기(&amp;S)…</translation>
        </message>
        <message>
            <source>Open Session</source>
            <translation>세션 열기</translation>
        </message>
        <message>
            <source>Open session {name}</source>
            <translation>세션 {name} 열기</translation>
        </message>
        <message>
            <source>Open {name}</source>
            <translation>{name} 열기</translation>
        </message>
        <message>
            <source>Options:</source>
            <translation>옵션:</translation>
        </message>
        <message>
            <source>Output channel</source>
            <translation>출력 채널</translation>
        </message>
        <message>
            <source>PNG images (*.png)</source>
            <translation>PNG 이미지 (*.png)</translation>
        </message>
        <message>
            <source>Padding and Rounding</source>
            <translation>패딩과 내림</translation>
        </message>
        <message>
            <source>Panels</source>
            <translation>패널</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>일시 정지</translation>
        </message>
        <message>
            <source>Paused at step {step}: the window shows these weights; Resume goes on, Save Weights… keeps them.</source>
            <translation>{step}단계에서 일시 정지: 창은 이 가중치를 보여 줍니다. '계속'을 누르면 이어서 학습하고, '가중치 저장…'으로 보관합니다.</translation>
        </message>
        <message>
            <source>Pausing after this step…</source>
            <translation>이 단계가 끝나면 일시 정지합니다…</translation>
        </message>
        <message>
            <source>Per Channel</source>
            <translation>채널별</translation>
        </message>
        <message>
            <source>Pin A first, then change something.</source>
            <translation>먼저 A를 고정한 다음 무언가를 바꾸세요.</translation>
        </message>
        <message>
            <source>Pin as A</source>
            <translation>A로 고정</translation>
        </message>
        <message>
            <source>Pin what is on screen as A, then change settings, image, weights or kernels: B is the current result.</source>
            <translation>화면에 있는 것을 A로 고정한 다음 설정, 이미지, 가중치나 커널을 바꾸세요: B는 현재 결과입니다.</translation>
        </message>
        <message>
            <source>Pixels added on each side before filtering; 'same' keeps the size (stride 1 only), 'valid' adds none.</source>
            <translation>필터를 적용하기 전에 양쪽에 붙이는 픽셀(패딩). 'same'은 크기를 유지하고(간격 1에서만), 'valid'는 붙이지 않습니다.</translation>
        </message>
        <message>
            <source>Pooling</source>
            <translation>풀링</translation>
        </message>
        <message>
            <source>Predict, then run again with --answer (or: cnnviz shapes {flags})</source>
            <translation>먼저 예측한 다음 --answer를 붙여 다시 실행하세요 (또는: cnnviz shapes {flags})</translation>
        </message>
        <message>
            <source>Predict: {question}</source>
            <translation>예측해 보세요: {question}</translation>
        </message>
        <message>
            <source>Previous channel (←)</source>
            <translation>이전 채널 (←)</translation>
        </message>
        <message>
            <source>Prewitt x: like Sobel x without the smoothing weights</source>
            <translation>Prewitt x: 부드럽게 하는 가중치가 없는 Sobel x</translation>
        </message>
        <message>
            <source>Prewitt y: like Sobel y without the smoothing weights</source>
            <translation>Prewitt y: 부드럽게 하는 가중치가 없는 Sobel y</translation>
        </message>
        <message>
            <source>PyTorch Code</source>
            <translation>PyTorch 코드</translation>
        </message>
        <message>
            <source>Question {i}: {text}</source>
            <translation>질문 {i}: {text}</translation>
        </message>
        <message>
            <source>Quick Run</source>
            <translation>빠른 실행</translation>
        </message>
        <message>
            <source>R</source>
            <translation>R</translation>
        </message>
        <message>
            <source>Range</source>
            <translation>범위</translation>
        </message>
        <message>
            <source>Ready: Start trains the network of the current settings ({h}×{w} input) from random weights.</source>
            <translation>준비됨: '시작'을 누르면 현재 설정의 신경망({h}×{w} 입력)을 무작위 가중치부터 학습합니다.</translation>
        </message>
        <message>
            <source>Reset All</source>
            <translation>모두 되돌리기</translation>
        </message>
        <message>
            <source>Reset All Settings to the Textbook Network</source>
            <translation>모든 설정을 교과서의 신경망으로 되돌리기</translation>
        </message>
        <message>
            <source>Reset Channel</source>
            <translation>채널 되돌리기</translation>
        </message>
        <message>
            <source>Reset Layer</source>
            <translation>계층 되돌리기</translation>
        </message>
        <message>
            <source>Reset Weights to the Seeded Default</source>
            <translation>가중치를 시드 기본값으로 되돌리기</translation>
        </message>
        <message>
            <source>Reset to the textbook network</source>
            <translation>교과서의 신경망으로 되돌리기</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>계속</translation>
        </message>
        <message>
            <source>Right: {answer}.</source>
            <translation>정답: {answer}.</translation>
        </message>
        <message>
            <source>Round the output size up instead of down, keeping a partial last window.</source>
            <translation>출력 크기를 내림 대신 올림하여 마지막의 부분 윈도도 씁니다.</translation>
        </message>
        <message>
            <source>Save &amp;Weights…</source>
            <translation>가중치 저장(&amp;W)…</translation>
        </message>
        <message>
            <source>Save Session</source>
            <translation>세션 저장</translation>
        </message>
        <message>
            <source>Save Trained Weights</source>
            <translation>학습된 가중치 저장</translation>
        </message>
        <message>
            <source>Save Weights</source>
            <translation>가중치 저장</translation>
        </message>
        <message>
            <source>Save Weights…</source>
            <translation>가중치 저장…</translation>
        </message>
        <message>
            <source>Save as PNG…</source>
            <translation>PNG로 저장…</translation>
        </message>
        <message>
            <source>Save the Comparison</source>
            <translation>비교 저장</translation>
        </message>
        <message>
            <source>Saved the comparison to {path}</source>
            <translation>비교를 {path}에 저장했습니다</translation>
        </message>
        <message>
            <source>Saved the weights of training step {step} to {path}</source>
            <translation>학습 {step}단계의 가중치를 {path}에 저장했습니다</translation>
        </message>
        <message>
            <source>Saved weights to {path}</source>
            <translation>가중치를 {path}에 저장했습니다</translation>
        </message>
        <message>
            <source>Saved {path}</source>
            <translation>{path}을(를) 저장했습니다</translation>
        </message>
        <message>
            <source>Session saved to {path}</source>
            <translation>세션을 {path}에 저장했습니다</translation>
        </message>
        <message>
            <source>Set aside the kernel edits to train</source>
            <translation>학습을 위해 커널 편집을 치워 둠</translation>
        </message>
        <message>
            <source>Set the Fixed Range…</source>
            <translation>고정 범위 설정…</translation>
        </message>
        <message>
            <source>Settings changed from the textbook: {changed}</source>
            <translation>교과서에서 바뀐 설정: {changed}</translation>
        </message>
        <message>
            <source>Settings of {name}</source>
            <translation>{name}의 설정</translation>
        </message>
        <message>
            <source>Settings: {flags}</source>
            <translation>설정: {flags}</translation>
        </message>
        <message>
            <source>Shape strip</source>
            <translation>모양 띠</translation>
        </message>
        <message>
            <source>Shapes above are N × C × H × W. Try N = 2: the chapter's torch.flatten(x) breaks.</source>
            <translation>위의 모양은 N × C × H × W입니다. N = 2로 해 보세요: 이 장의 torch.flatten(x)가 깨집니다.</translation>
        </message>
        <message>
            <source>Shapes: {strip}</source>
            <translation>모양: {strip}</translation>
        </message>
        <message>
            <source>Shift + arrow keys (in a panel)</source>
            <translation>Shift + 화살표 키 (패널 안에서)</translation>
        </message>
        <message>
            <source>Show PyTorch &amp;Code…</source>
            <translation>PyTorch 코드 보기(&amp;C)…</translation>
        </message>
        <message>
            <source>Show cnnviz's answer without checking a prediction</source>
            <translation>예측을 확인하지 않고 cnnviz의 답을 보여 줍니다</translation>
        </message>
        <message>
            <source>Show histogram</source>
            <translation>히스토그램 보기</translation>
        </message>
        <message>
            <source>Show me</source>
            <translation>답 보기</translation>
        </message>
        <message>
            <source>Sobel x: positive where it gets brighter to the right</source>
            <translation>Sobel x: 오른쪽으로 밝아지는 곳에서 양수</translation>
        </message>
        <message>
            <source>Sobel y: positive where it gets brighter downwards</source>
            <translation>Sobel y: 아래로 밝아지는 곳에서 양수</translation>
        </message>
        <message>
            <source>Some settings saved last time could not be used and were left out: {problems}</source>
            <translation>지난번에 저장한 설정 중 일부를 쓸 수 없어 뺐습니다: {problems}</translation>
        </message>
        <message>
            <source>Something went wrong ({kind}: {text}). cnnviz keeps running; details are in the log.</source>
            <translation>문제가 생겼습니다 ({kind}: {text}). cnnviz는 계속 실행되며, 자세한 내용은 로그에 있습니다.</translation>
        </message>
        <message>
            <source>Something went wrong while computing the maps ({kind}: {text}). The last good result stays on screen; details are in the log.</source>
            <translation>맵을 계산하다가 문제가 생겼습니다 ({kind}: {text}). 마지막 정상 결과가 화면에 남으며, 자세한 내용은 로그에 있습니다.</translation>
        </message>
        <message>
            <source>Spacing between the filter's taps: 2 spreads a 3x3 filter over 5x5 pixels.</source>
            <translation>필터 탭 사이의 간격(팽창): 2면 3x3 필터가 5x5 픽셀에 펼쳐집니다.</translation>
        </message>
        <message>
            <source>Spacing between the window's taps (max pooling only).</source>
            <translation>윈도 탭 사이의 간격(팽창, 최댓값 풀링 전용).</translation>
        </message>
        <message>
            <source>Split channels into groups filtered separately; must divide both the input and the output channels.</source>
            <translation>채널을 그룹으로 나누어 따로 필터를 적용합니다. 입력 채널 수와 출력 채널 수를 모두 나누어떨어지게 해야 합니다.</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>시작</translation>
        </message>
        <message>
            <source>Start Again</source>
            <translation>다시 시작</translation>
        </message>
        <message>
            <source>Starting: drawing the first images…</source>
            <translation>시작하는 중: 첫 이미지를 그리는 중…</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>중지</translation>
        </message>
        <message>
            <source>Stopped at step {steps} ({time} of training).</source>
            <translation>{steps}단계에서 중지했습니다 (학습 {time}).</translation>
        </message>
        <message>
            <source>Stopping: measuring the held-out accuracy…</source>
            <translation>중지하는 중: 검증 정확도를 재는 중…</translation>
        </message>
        <message>
            <source>Stopping…</source>
            <translation>중지하는 중…</translation>
        </message>
        <message>
            <source>Swap A and B</source>
            <translation>A와 B 바꾸기</translation>
        </message>
        <message>
            <source>System Language</source>
            <translation>시스템 언어</translation>
        </message>
        <message>
            <source>Test &amp;Pattern…</source>
            <translation>테스트 패턴(&amp;P)…</translation>
        </message>
        <message>
            <source>Test Pattern</source>
            <translation>테스트 패턴</translation>
        </message>
        <message>
            <source>The chapter's lessons</source>
            <translation>이 장의 학습</translation>
        </message>
        <message>
            <source>The conv layer whose kernels you edit</source>
            <translation>커널을 편집할 합성곱(conv) 계층</translation>
        </message>
        <message>
            <source>The fixed range needs the high value above the low one ({0} … {1}).</source>
            <translation>고정 범위는 높은 값이 낮은 값보다 커야 합니다 ({0} … {1}).</translation>
        </message>
        <message>
            <source>The formula</source>
            <translation>공식</translation>
        </message>
        <message>
            <source>The network cnnviz {version} shows, as PyTorch code.</source>
            <translation>cnnviz {version}이(가) 보여 주는 신경망을 PyTorch 코드로 쓴 것.</translation>
        </message>
        <message>
            <source>The network of the current settings, with the shape of every layer. Run it as a script, or load cnnviz's weights with load_state_dict.</source>
            <translation>현재 설정의 신경망과 모든 계층의 모양입니다. 스크립트로 실행하거나 load_state_dict로 cnnviz의 가중치를 불러오세요.</translation>
        </message>
        <message>
            <source>The network's derivations are hidden until you check your answer in the Lessons panel.</source>
            <translation>학습 패널에서 답을 확인할 때까지 신경망의 유도 과정은 가려져 있습니다.</translation>
        </message>
        <message>
            <source>The output channel: one map of the layer, one kernel</source>
            <translation>출력 채널: 계층의 맵 하나, 커널 하나</translation>
        </message>
        <message>
            <source>The settings have a problem (see the sidebar): this is the code of the last valid network.</source>
            <translation>설정에 문제가 있습니다 (사이드바를 보세요): 마지막으로 올바르던 신경망의 코드입니다.</translation>
        </message>
        <message>
            <source>The sidebar holds every argument of every layer, as in PyTorch (Conv2d, MaxPool2d, AvgPool2d). Change one and the shapes, the formula and the maps follow at once.</source>
            <translation>사이드바에는 PyTorch(Conv2d, MaxPool2d, AvgPool2d)처럼 모든 계층의 모든 인자가 있습니다. 하나를 바꾸면 모양, 공식, 맵이 곧바로 따라 바뀝니다.</translation>
        </message>
        <message>
            <source>The weights trained in the window were saved beside the session as {name}</source>
            <translation>창에서 학습한 가중치를 세션 옆에 {name}(으)로 저장했습니다</translation>
        </message>
        <message>
            <source>The window now speaks {language}.</source>
            <translation>이제 창이 {language}로 표시됩니다.</translation>
        </message>
        <message>
            <source>The window uses these weights; Save Weights… keeps them.</source>
            <translation>창은 이 가중치를 씁니다. '가중치 저장…'으로 보관합니다.</translation>
        </message>
        <message>
            <source>The {lang} translation is not installed.</source>
            <translation>{lang} 번역이 설치되어 있지 않습니다.</translation>
        </message>
        <message>
            <source>The {source} holds an empty image.</source>
            <translation>{source}에 빈 이미지가 있습니다.</translation>
        </message>
        <message>
            <source>Train</source>
            <translation>학습</translation>
        </message>
        <message>
            <source>Training draws its images at the input size, but with image fit 'native' the network's shape follows the image: choose crop, fit or stretch to train.</source>
            <translation>학습은 입력 크기로 이미지를 그리지만, 이미지 맞춤이 'native'이면 신경망의 모양이 이미지를 따릅니다: 학습하려면 crop, fit, stretch 중 하나를 고르세요.</translation>
        </message>
        <message>
            <source>Training failed ({text}). The last weights stay in use.</source>
            <translation>학습에 실패했습니다 ({text}). 마지막 가중치를 계속 씁니다.</translation>
        </message>
        <message>
            <source>Training failed; the message above says why.</source>
            <translation>학습에 실패했습니다. 이유는 위 메시지에 있습니다.</translation>
        </message>
        <message>
            <source>Training stopped: other weights were put in use.</source>
            <translation>학습 중지: 다른 가중치를 쓰게 되었습니다.</translation>
        </message>
        <message>
            <source>Training stopped: the settings changed the network being trained. The weights of step {step} stay in use where they fit; start again to train the new network.</source>
            <translation>학습 중지: 설정이 학습 중인 신경망을 바꾸었습니다. {step}단계의 가중치는 맞는 곳에서 계속 쓰입니다. 새 신경망을 학습하려면 다시 시작하세요.</translation>
        </message>
        <message>
            <source>Trains the network of the current settings on cnnviz's generated shapes (ten classes), with the same loop as 'cnnviz train'. Every few steps the window's maps, filters and scores are computed again with the weights as they are.</source>
            <translation>cnnviz가 생성한 도형(10개 클래스)으로 현재 설정의 신경망을 'cnnviz train'과 같은 반복문으로 학습합니다. 몇 단계마다 창의 특징 맵, 필터, 점수를 그때의 가중치로 다시 계산합니다.</translation>
        </message>
        <message>
            <source>Undoable with Ctrl+Z</source>
            <translation>Ctrl+Z로 되돌릴 수 있음</translation>
        </message>
        <message>
            <source>Use as Input</source>
            <translation>입력으로 쓰기</translation>
        </message>
        <message>
            <source>Use the Bundled Trained Weights</source>
            <translation>함께 제공되는 학습된 가중치 사용</translation>
        </message>
        <message>
            <source>Value &amp;Range</source>
            <translation>값 범위(&amp;R)</translation>
        </message>
        <message>
            <source>Wait for the maps of the current settings, then pin them as A.</source>
            <translation>현재 설정의 맵이 나올 때까지 기다린 다음 A로 고정하세요.</translation>
        </message>
        <message>
            <source>Watch a convolutional network work on an image, stage by stage. Change any Conv2d or pooling argument and every shape, formula and map follows.</source>
            <translation>합성곱 신경망이 이미지를 단계별로 처리하는 모습을 봅니다. Conv2d나 풀링 인자를 바꾸면 모든 모양, 공식, 맵이 따라 바뀝니다.</translation>
        </message>
        <message>
            <source>Watch a convolutional network work on an image, stage by stage. Subcommands: shapes, render, settings, bench, inspect, code, lessons (cnnviz SUBCOMMAND --help).</source>
            <translation>합성곱 신경망이 이미지를 단계별로 처리하는 모습을 봅니다. 하위 명령: shapes, render, settings, bench, inspect, code, lessons (cnnviz SUBCOMMAND --help).</translation>
        </message>
        <message>
            <source>Weights ({patterns})</source>
            <translation>가중치 ({patterns})</translation>
        </message>
        <message>
            <source>What fills the input around the image with fit 'fit': black (0), the image's mean colour, grey (0.5), edge (the border pixels repeated) or reflect (the image mirrored at its border).</source>
            <translation>맞춤 'fit'에서 이미지 둘레의 입력을 채우는 것: black(0), 이미지의 평균 색, grey(0.5), edge(가장자리 픽셀 반복), reflect(가장자리에서 거울상).</translation>
        </message>
        <message>
            <source>What the padding pixels hold: zeros, a mirror of the edge (reflect), the edge repeated (replicate) or the opposite side (circular).</source>
            <translation>패딩 픽셀에 들어가는 값: 0(제로 패딩, zeros), 가장자리의 거울상(reflect), 가장자리 반복(replicate), 반대쪽(circular).</translation>
        </message>
        <message>
            <source>Where the evidence for the top class (or the class you click) came from, over the input</source>
            <translation>가장 높은 클래스(또는 누른 클래스)의 근거가 입력의 어디서 왔는지 입력 위에 겹쳐 보여 줍니다</translation>
        </message>
        <message>
            <source>Which input channel the filter reads (grey: all, averaged)</source>
            <translation>필터가 읽는 입력 채널 (회색: 모든 채널의 평균)</translation>
        </message>
        <message>
            <source>You changed the input: this step shows {input}. Back to the Step shows it again.</source>
            <translation>입력을 바꾸었습니다. 이 단계는 {input}을(를) 보여 줍니다. '단계로 돌아가기'를 누르면 다시 보여 줍니다.</translation>
        </message>
        <message>
            <source>You changed the network: the questions are about this step's. Back to the Step shows it again.</source>
            <translation>신경망을 바꾸었습니다. 질문은 이 단계의 신경망에 대한 것입니다. '단계로 돌아가기'를 누르면 다시 보여 줍니다.</translation>
        </message>
        <message>
            <source>Your kernel edits are weights, not code: save the weights to keep them.</source>
            <translation>커널 편집은 코드가 아니라 가중치입니다: 남기려면 가중치를 저장하세요.</translation>
        </message>
        <message>
            <source>Your kernel edits were set aside: training starts from random weights. Undo brings them back.</source>
            <translation>커널 편집을 치워 두었습니다: 학습은 무작위 가중치에서 시작합니다. 되돌리기로 다시 가져올 수 있습니다.</translation>
        </message>
        <message>
            <source>Zoom &amp;In</source>
            <translation>확대(&amp;I)</translation>
        </message>
        <message>
            <source>Zoom &amp;Out</source>
            <translation>축소(&amp;O)</translation>
        </message>
        <message>
            <source>Zoom in (Ctrl +)</source>
            <translation>확대 (Ctrl +)</translation>
        </message>
        <message>
            <source>Zoom out (Ctrl −)</source>
            <translation>축소 (Ctrl −)</translation>
        </message>
        <message>
            <source>[look] needs the stage to look at, e.g. stage = "conv1"</source>
            <translation>[look]에는 볼 단계가 필요합니다. 예: stage = "conv1"</translation>
        </message>
        <message>
            <source>[{key}] needs the text in every language: {lang} is missing</source>
            <translation>[{key}]에는 모든 언어의 글이 필요합니다: {lang}이(가) 없습니다</translation>
        </message>
        <message>
            <source>a .png file, or a folder (a name without a suffix is a folder, created if needed)</source>
            <translation>.png 파일 또는 폴더 (확장자가 없는 이름은 폴더이며, 없으면 만듦)</translation>
        </message>
        <message>
            <source>a bright disc in the middle</source>
            <translation>가운데의 밝은 원판</translation>
        </message>
        <message>
            <source>a classifier for {n:,} flattened features, while this network flattens to {m:,} (input size or strides differ)</source>
            <translation>평탄화된 특징 {n:,}개용 분류기(이 신경망은 {m:,}개로 평탄화함: 입력 크기나 간격이 다름)</translation>
        </message>
        <message>
            <source>a colormap index is 0..255, not {index}</source>
            <translation>색상표 인덱스는 0..255입니다. {index}가 아닙니다</translation>
        </message>
        <message>
            <source>a colormap name must be a non-empty string, not {name!r}</source>
            <translation>색상표 이름은 비어 있지 않은 문자열이어야 합니다. {name!r}가 아닙니다</translation>
        </message>
        <message>
            <source>a colormap name must be text</source>
            <translation>색상표 이름은 글자여야 합니다</translation>
        </message>
        <message>
            <source>a diagonal edge: bright below the top-left to bottom-right line</source>
            <translation>대각선 가장자리: 왼쪽 위에서 오른쪽 아래로 가는 선 아래가 밝음</translation>
        </message>
        <message>
            <source>a filled disc</source>
            <translation>속이 찬 원</translation>
        </message>
        <message>
            <source>a filled five-pointed star</source>
            <translation>속이 찬 오각별</translation>
        </message>
        <message>
            <source>a filled plus sign</source>
            <translation>속이 찬 더하기 기호</translation>
        </message>
        <message>
            <source>a filled square, any rotation</source>
            <translation>속이 찬 정사각형, 회전은 아무렇게나</translation>
        </message>
        <message>
            <source>a filled triangle</source>
            <translation>속이 찬 삼각형</translation>
        </message>
        <message>
            <source>a fixed range needs finite vmin and vmax</source>
            <translation>고정 범위에는 유한한 vmin과 vmax가 필요합니다</translation>
        </message>
        <message>
            <source>a fixed range needs vmax &gt; vmin (got {vmin:g} .. {vmax:g})</source>
            <translation>고정 범위에는 vmax &gt; vmin이 필요합니다 (받은 값 {vmin:g} .. {vmax:g})</translation>
        </message>
        <message>
            <source>a folder has this name</source>
            <translation>이 이름의 폴더가 있습니다</translation>
        </message>
        <message>
            <source>a folder of images needs a folder to write to, and this is a file</source>
            <translation>이미지 폴더에는 쓸 폴더가 필요한데, 이것은 파일입니다</translation>
        </message>
        <message>
            <source>a generated input instead of an image: {names} (e.g. checkerboard:8 or impulse:size=32)</source>
            <translation>이미지 대신 만든 입력: {names} (예: checkerboard:8 또는 impulse:size=32)</translation>
        </message>
        <message>
            <source>a horizontal edge: dark top half, bright bottom half</source>
            <translation>수평 가장자리: 위 절반은 어둡고 아래 절반은 밝음</translation>
        </message>
        <message>
            <source>a kernel must hold finite numbers</source>
            <translation>커널에는 유한한 수가 들어 있어야 합니다</translation>
        </message>
        <message>
            <source>a kernel needs the shape (input channels, height, width), not {shape}</source>
            <translation>커널의 모양은 (입력 채널, 높이, 너비)여야 합니다. {shape}가 아닙니다</translation>
        </message>
        <message>
            <source>a map cell is --channel C --at ROW,COL or --at C,ROW,COL (got '{at}')</source>
            <translation>맵의 칸은 --channel C --at ROW,COL 또는 --at C,ROW,COL입니다 (받은 값 '{at}')</translation>
        </message>
        <message>
            <source>a meta tensor (it has a shape but no values)</source>
            <translation>메타 텐서 (모양은 있지만 값이 없음)</translation>
        </message>
        <message>
            <source>a nested tensor</source>
            <translation>중첩 텐서</translation>
        </message>
        <message>
            <source>a number written with {n} characters</source>
            <translation>{n}글자로 쓴 수</translation>
        </message>
        <message>
            <source>a number, e.g. 1,168</source>
            <translation>숫자, 예: 1,168</translation>
        </message>
        <message>
            <source>a panel shown faded, with a note, holds maps of other settings than the current ones (while the new ones are computed, or when the current settings cannot be computed). Its note says which settings it shows.</source>
            <translation>흐리게 보이고 메모가 붙은 패널은 현재와 다른 설정의 맵을 보여 줍니다 (새 맵을 계산하는 동안, 또는 현재 설정을 계산할 수 없을 때). 메모가 어떤 설정인지 알려 줍니다.</translation>
        </message>
        <message>
            <source>a part of the path is a file, not a folder</source>
            <translation>경로의 일부가 폴더가 아니라 파일입니다</translation>
        </message>
        <message>
            <source>a patch of checkerboard</source>
            <translation>바둑판무늬 조각</translation>
        </message>
        <message>
            <source>a patch of diagonal stripes</source>
            <translation>대각선 줄무늬 조각</translation>
        </message>
        <message>
            <source>a patch of horizontal stripes</source>
            <translation>가로 줄무늬 조각</translation>
        </message>
        <message>
            <source>a patch of vertical stripes</source>
            <translation>세로 줄무늬 조각</translation>
        </message>
        <message>
            <source>a quantized tensor</source>
            <translation>양자화된 텐서</translation>
        </message>
        <message>
            <source>a question needs its text in every language (en, ko)</source>
            <translation>질문에는 모든 언어(en, ko)의 글이 필요합니다</translation>
        </message>
        <message>
            <source>a question needs the stage it is about</source>
            <translation>질문에는 다루는 단계(stage)가 필요합니다</translation>
        </message>
        <message>
            <source>a ramp from black to white</source>
            <translation>검정에서 흰색으로 가는 경사</translation>
        </message>
        <message>
            <source>a scalar</source>
            <translation>스칼라</translation>
        </message>
        <message>
            <source>a session file (.json) to open</source>
            <translation>열 세션 파일 (.json)</translation>
        </message>
        <message>
            <source>a session has an image or a pattern, not both</source>
            <translation>세션에는 이미지나 패턴 중 하나만 있습니다</translation>
        </message>
        <message>
            <source>a session must be a JSON object</source>
            <translation>세션은 JSON 객체여야 합니다</translation>
        </message>
        <message>
            <source>a shape, e.g. 16×28×28</source>
            <translation>모양, 예: 16×28×28</translation>
        </message>
        <message>
            <source>a short run that shows learning in a few minutes</source>
            <translation>몇 분 만에 학습되는 모습을 보여 주는 짧은 실행</translation>
        </message>
        <message>
            <source>a size of '{name}'</source>
            <translation>'{name}'의 크기</translation>
        </message>
        <message>
            <source>a sparse tensor ({layout})</source>
            <translation>희소 텐서 ({layout})</translation>
        </message>
        <message>
            <source>a tensor is named by a {kind}, not text</source>
            <translation>텐서 이름이 글자가 아니라 {kind}입니다</translation>
        </message>
        <message>
            <source>a tensor on {device}</source>
            <translation>{device}에 있는 텐서</translation>
        </message>
        <message>
            <source>a tensor subclass ({kind})</source>
            <translation>텐서 하위 클래스 ({kind})</translation>
        </message>
        <message>
            <source>a thick circle outline, hollow</source>
            <translation>속이 빈 두꺼운 원 테두리</translation>
        </message>
        <message>
            <source>a vertical edge: dark left half, bright right half</source>
            <translation>수직 가장자리: 왼쪽 절반은 어둡고 오른쪽 절반은 밝음</translation>
        </message>
        <message>
            <source>a {h}×{w} kernel ({layer}.kernel_size={h},{w})</source>
            <translation>{h}×{w} 커널 ({layer}.kernel_size={h},{w})</translation>
        </message>
        <message>
            <source>activation maps (ReLU)</source>
            <translation>활성화 맵 (ReLU)</translation>
        </message>
        <message>
            <source>already exists (--overwrite replaces it)</source>
            <translation>이미 있습니다 (--overwrite로 바꿉니다)</translation>
        </message>
        <message>
            <source>also measure two heavy rows: conv1 stride 1 at 1024×1024, and five blocks of 128 channels each at 256×256</source>
            <translation>무거운 두 줄도 잽니다: 1024×1024에서 conv1 간격(stride) 1, 그리고 256×256에서 채널 128개짜리 블록 다섯 개</translation>
        </message>
        <message>
            <source>also print the answers, computed by cnnviz</source>
            <translation>cnnviz가 계산한 답도 출력합니다</translation>
        </message>
        <message>
            <source>also print the derivation of every count</source>
            <translation>모든 개수의 유도 과정도 출력합니다</translation>
        </message>
        <message>
            <source>also run B = the settings changed by these, and draw A, B and B − A per stage in one PNG</source>
            <translation>이것으로 바꾼 설정 B도 실행하고, 단계마다 A, B, B − A를 PNG 하나에 그립니다</translation>
        </message>
        <message>
            <source>also write every stage as arrays (.npz)</source>
            <translation>모든 단계를 배열(.npz)로도 씁니다</translation>
        </message>
        <message>
            <source>an edit is an object with 'kernel' and 'bias'</source>
            <translation>편집은 'kernel'과 'bias'를 가진 객체입니다</translation>
        </message>
        <message>
            <source>an image to open</source>
            <translation>열 이미지</translation>
        </message>
        <message>
            <source>an integer of {digits} digits (at most {limit} are accepted)</source>
            <translation>{digits}자리 정수 (최대 {limit}자리까지 받음)</translation>
        </message>
        <message>
            <source>an offset of '{name}'</source>
            <translation>'{name}'의 오프셋</translation>
        </message>
        <message>
            <source>and {n} more</source>
            <translation>그 밖에 {n}개</translation>
        </message>
        <message>
            <source>another image, weights or device</source>
            <translation>다른 이미지, 가중치 또는 장치</translation>
        </message>
        <message>
            <source>appeared while rendering (another run?); not replaced</source>
            <translation>그리는 동안 생겼습니다 (다른 실행?); 바꾸지 않았습니다</translation>
        </message>
        <message>
            <source>arrow keys (in a panel)</source>
            <translation>화살표 키 (패널 안에서)</translation>
        </message>
        <message>
            <source>as the whole view</source>
            <translation>전체 보기와 같이</translation>
        </message>
        <message>
            <source>auto (default), cpu, cuda, cuda:N or mps</source>
            <translation>auto(기본값), cpu, cuda, cuda:N 또는 mps</translation>
        </message>
        <message>
            <source>batch size</source>
            <translation>배치 크기</translation>
        </message>
        <message>
            <source>bias</source>
            <translation>편향</translation>
        </message>
        <message>
            <source>black and white squares of period/2 pixels</source>
            <translation>period/2 픽셀 크기의 검은 정사각형과 흰 정사각형</translation>
        </message>
        <message>
            <source>blocks</source>
            <translation>블록 수</translation>
        </message>
        <message>
            <source>blue</source>
            <translation>파랑</translation>
        </message>
        <message>
            <source>bottom-right corner</source>
            <translation>오른쪽 아래 모서리</translation>
        </message>
        <message>
            <source>box blur: the mean of the window</source>
            <translation>상자 흐림: 윈도의 평균</translation>
        </message>
        <message>
            <source>brightness in percent</source>
            <translation>밝기 (퍼센트)</translation>
        </message>
        <message>
            <source>cannot write here: {reason}</source>
            <translation>여기에 쓸 수 없습니다: {reason}</translation>
        </message>
        <message>
            <source>ceil mode</source>
            <translation>올림 모드</translation>
        </message>
        <message>
            <source>ceil_mode's last window runs {n} past the padding</source>
            <translation>ceil_mode의 마지막 윈도가 패딩 너머로 {n} 나갑니다</translation>
        </message>
        <message>
            <source>change a setting, e.g. --set conv1.stride=1 (see 'cnnviz settings')</source>
            <translation>설정을 바꿉니다. 예: --set conv1.stride=1 ('cnnviz settings' 참고)</translation>
        </message>
        <message>
            <source>change a setting, e.g. --set conv1.stride=1 --set pool1.type=avg (see 'cnnviz settings')</source>
            <translation>설정을 바꿉니다. 예: --set conv1.stride=1 --set pool1.type=avg ('cnnviz settings' 참고)</translation>
        </message>
        <message>
            <source>changes per second in the slider stream (default 60)</source>
            <translation>슬라이더 연속 변경의 초당 변경 횟수 (기본값 60)</translation>
        </message>
        <message>
            <source>channel</source>
            <translation>채널</translation>
        </message>
        <message>
            <source>channel {ch}: values</source>
            <translation>채널 {ch}: 값</translation>
        </message>
        <message>
            <source>channels 0–{last} of {total} shown</source>
            <translation>채널 {total}개 중 0–{last} 표시</translation>
        </message>
        <message>
            <source>circular padding may wrap around at most once ({p} ≤ {n} fails)</source>
            <translation>circular 패딩은 한 번까지만 감쌀 수 있습니다 ({p} ≤ {n}이 거짓)</translation>
        </message>
        <message>
            <source>class evidence needs a conv stage and class scores</source>
            <translation>클래스 근거에는 합성곱 단계와 클래스 점수가 필요합니다</translation>
        </message>
        <message>
            <source>class scores (softmax)</source>
            <translation>클래스 점수 (softmax)</translation>
        </message>
        <message>
            <source>class {i}</source>
            <translation>클래스 {i}</translation>
        </message>
        <message>
            <source>classify images with the trained weights</source>
            <translation>학습된 가중치로 이미지를 분류합니다</translation>
        </message>
        <message>
            <source>clipboard</source>
            <translation>클립보드</translation>
        </message>
        <message>
            <source>cnnviz computes {answer}.</source>
            <translation>cnnviz의 계산: {answer}.</translation>
        </message>
        <message>
            <source>cnnviz sessions (*.json)</source>
            <translation>cnnviz 세션 (*.json)</translation>
        </message>
        <message>
            <source>cnnviz: no display found (DISPLAY and WAYLAND_DISPLAY are not set), so the window cannot open; 'cnnviz render IMAGE -o sheet.png' draws every stage to a PNG without one.</source>
            <translation>cnnviz: 디스플레이가 없어서(DISPLAY와 WAYLAND_DISPLAY가 설정되지 않음) 창을 열 수 없습니다. 'cnnviz render IMAGE -o sheet.png'는 디스플레이 없이 모든 단계를 PNG로 그립니다.</translation>
        </message>
        <message>
            <source>colour range per channel or per stage</source>
            <translation>채널별 또는 단계별 색 범위</translation>
        </message>
        <message>
            <source>column</source>
            <translation>열</translation>
        </message>
        <message>
            <source>column of the pixel (default: the middle)</source>
            <translation>픽셀의 열 (기본값: 가운데)</translation>
        </message>
        <message>
            <source>columns</source>
            <translation>열</translation>
        </message>
        <message>
            <source>columns: {text}</source>
            <translation>열: {text}</translation>
        </message>
        <message>
            <source>computed with {settings}</source>
            <translation>{settings}(으)로 계산함</translation>
        </message>
        <message>
            <source>computing the current settings…</source>
            <translation>현재 설정을 계산하는 중…</translation>
        </message>
        <message>
            <source>computing…</source>
            <translation>계산 중…</translation>
        </message>
        <message>
            <source>conv1, relu1, pool1, …, flatten or fc</source>
            <translation>conv1, relu1, pool1, …, flatten 또는 fc</translation>
        </message>
        <message>
            <source>copy the network as PyTorch code</source>
            <translation>신경망을 PyTorch 코드로 복사</translation>
        </message>
        <message>
            <source>could not read the file: {reason}</source>
            <translation>파일을 읽을 수 없습니다: {reason}</translation>
        </message>
        <message>
            <source>could not read the folder: {reason}</source>
            <translation>폴더를 읽을 수 없습니다: {reason}</translation>
        </message>
        <message>
            <source>could not write the file: {reason}</source>
            <translation>파일을 쓸 수 없습니다: {reason}</translation>
        </message>
        <message>
            <source>could not write: it is closed</source>
            <translation>쓸 수 없습니다: 닫혀 있습니다</translation>
        </message>
        <message>
            <source>could not write: the reading program has stopped (closed pipe)</source>
            <translation>쓸 수 없습니다: 읽는 프로그램이 멈췄습니다 (닫힌 파이프)</translation>
        </message>
        <message>
            <source>could not write: {reason}</source>
            <translation>쓸 수 없습니다: {reason}</translation>
        </message>
        <message>
            <source>count padding</source>
            <translation>패딩 포함</translation>
        </message>
        <message>
            <source>count_include_pad: {n} cells, padding included{outside}</source>
            <translation>count_include_pad: 패딩을 포함한 칸 {n}개{outside}</translation>
        </message>
        <message>
            <source>cpu</source>
            <translation>cpu</translation>
        </message>
        <message>
            <source>cpu (default), auto, cuda, cuda:N or mps</source>
            <translation>cpu(기본값), auto, cuda, cuda:N 또는 mps</translation>
        </message>
        <message>
            <source>cpu (default), cuda, cuda:N, mps or auto</source>
            <translation>cpu (기본값), cuda, cuda:N, mps 또는 auto</translation>
        </message>
        <message>
            <source>dark and bright stripes, period pixels per pair</source>
            <translation>어둡고 밝은 줄무늬, 한 쌍에 period 픽셀</translation>
        </message>
        <message>
            <source>data set and initialisation seed</source>
            <translation>데이터 세트와 초기화의 시드</translation>
        </message>
        <message>
            <source>decoded at {new_w}×{new_h}, 1/{scale} of its {width}×{height} (JPEG draft)</source>
            <translation>{width}×{height}의 1/{scale}인 {new_w}×{new_h}(으)로 해독함 (JPEG 초안 모드)</translation>
        </message>
        <message>
            <source>did you mean {options}?</source>
            <translation>{options}을(를) 뜻했나요?</translation>
        </message>
        <message>
            <source>dilation</source>
            <translation>팽창</translation>
        </message>
        <message>
            <source>divisor</source>
            <translation>나누는 수</translation>
        </message>
        <message>
            <source>divisor: {rule}</source>
            <translation>나누는 수: {rule}</translation>
        </message>
        <message>
            <source>divisor_override = {d}</source>
            <translation>divisor_override = {d}</translation>
        </message>
        <message>
            <source>done in {s:.0f} s</source>
            <translation>{s:.0f}초 만에 끝남</translation>
        </message>
        <message>
            <source>draw new images for every epoch instead of keeping one set (uses less memory)</source>
            <translation>한 묶음을 보관하지 않고 에포크마다 새 이미지를 그립니다 (메모리를 덜 씀)</translation>
        </message>
        <message>
            <source>drive the window with random changes and check every update against a fresh computation</source>
            <translation>무작위 변경으로 창을 움직이고 갱신마다 새로 계산한 결과와 대조합니다</translation>
        </message>
        <message>
            <source>dropped data</source>
            <translation>끌어 놓은 데이터</translation>
        </message>
        <message>
            <source>each batch</source>
            <translation>배치마다</translation>
        </message>
        <message>
            <source>each filter as a colour picture of its red, green and blue weights</source>
            <translation>각 필터를 빨강·초록·파랑 가중치의 컬러 그림으로</translation>
        </message>
        <message>
            <source>each filter per input channel (blue &lt; 0 &lt; red)</source>
            <translation>각 필터를 입력 채널별로 (파랑 &lt; 0 &lt; 빨강)</translation>
        </message>
        <message>
            <source>edge detect: the pixel minus all its neighbours</source>
            <translation>가장자리 검출: 픽셀에서 모든 이웃을 뺌</translation>
        </message>
        <message>
            <source>emboss: light from the top left</source>
            <translation>엠보스: 왼쪽 위에서 비추는 빛</translation>
        </message>
        <message>
            <source>epoch {epoch}/{epochs} [{bar}] loss {loss:.3f} accuracy {acc:5.1f} % {left} left</source>
            <translation>에포크 {epoch}/{epochs} [{bar}] 손실 {loss:.3f} 정확도 {acc:5.1f} % 남은 시간 {left}</translation>
        </message>
        <message>
            <source>epoch {epoch}/{epochs} · step {step}/{steps} · loss {loss:.3f} · accuracy {acc:.0f} % (this epoch)</source>
            <translation>에포크 {epoch}/{epochs} · 단계 {step}/{steps} · 손실 {loss:.3f} · 정확도 {acc:.0f} % (이번 에포크)</translation>
        </message>
        <message>
            <source>epochs</source>
            <translation>에포크</translation>
        </message>
        <message>
            <source>every pixel has the same value ({value}), so the image is all black</source>
            <translation>모든 픽셀 값이 같아서({value}) 이미지가 온통 검습니다</translation>
        </message>
        <message>
            <source>every pre-activation is ≤ 0 (the largest is {m:.4g}), so ReLU gives 0 everywhere</source>
            <translation>활성화 전 값이 모두 ≤ 0이라(가장 큰 값 {m:.4g}) ReLU가 모든 곳에서 0을 냅니다</translation>
        </message>
        <message>
            <source>every value is {v:.4g}</source>
            <translation>모든 값이 {v:.4g}입니다</translation>
        </message>
        <message>
            <source>every {axis} is read</source>
            <translation>모든 {axis}을(를) 읽습니다</translation>
        </message>
        <message>
            <source>exit status {code}, nothing on stderr</source>
            <translation>종료 상태 {code}, stderr에는 아무것도 없음</translation>
        </message>
        <message>
            <source>expected a dictionary of tensors (a state dict), found {kind}</source>
            <translation>텐서 사전(state dict)이어야 하는데 {kind}입니다</translation>
        </message>
        <message>
            <source>expected a number or a pair of numbers, got {value!r}</source>
            <translation>수나 수의 쌍이어야 하는데 {value!r}입니다</translation>
        </message>
        <message>
            <source>expected a whole number, got {value!r}</source>
            <translation>정수여야 하는데 {value!r}입니다</translation>
        </message>
        <message>
            <source>expected true or false, got {value!r}</source>
            <translation>true나 false여야 하는데 {value!r}입니다</translation>
        </message>
        <message>
            <source>explain where one value of one stage comes from</source>
            <translation>한 단계의 값 하나가 어디서 오는지 설명합니다</translation>
        </message>
        <message>
            <source>export the view as PNG</source>
            <translation>보기를 PNG로 내보내기</translation>
        </message>
        <message>
            <source>feature maps</source>
            <translation>특징 맵</translation>
        </message>
        <message>
            <source>feature maps (signed)</source>
            <translation>특징 맵 (부호 있음)</translation>
        </message>
        <message>
            <source>feature maps can be negative and use a diverging colormap: white is zero, red positive, blue negative. Activations are never negative and use a sequential colormap: dark is zero. The bar under each panel gives the values at its ends; by default each channel has its own range.</source>
            <translation>특징 맵은 음수일 수 있어 발산형 색상표를 씁니다: 흰색이 0, 빨강이 양수, 파랑이 음수입니다. 활성화 맵은 음수가 없어 순차형 색상표를 씁니다: 어두운 색이 0입니다. 각 패널 아래 막대는 양 끝의 값을 보여 주며, 기본적으로 채널마다 범위가 따로입니다.</translation>
        </message>
        <message>
            <source>features</source>
            <translation>특징</translation>
        </message>
        <message>
            <source>first / last channel</source>
            <translation>첫 / 마지막 채널</translation>
        </message>
        <message>
            <source>first epochs with the fc weights shared across positions (default {n})</source>
            <translation>fc 가중치를 위치끼리 공유하는 처음 에포크 수 (기본값 {n})</translation>
        </message>
        <message>
            <source>first frame of {count} (animated {format})</source>
            <translation>{count}개 중 첫 프레임 (움직이는 {format})</translation>
        </message>
        <message>
            <source>first frame of {count} (multi-page {format})</source>
            <translation>{count}개 중 첫 페이지 (여러 페이지 {format})</translation>
        </message>
        <message>
            <source>fixed</source>
            <translation>고정</translation>
        </message>
        <message>
            <source>fixed range</source>
            <translation>고정 범위</translation>
        </message>
        <message>
            <source>fixed {low} … {high}</source>
            <translation>고정 {low} … {high}</translation>
        </message>
        <message>
            <source>flatten and fc are vectors: give one index, with --at INDEX or --channel INDEX</source>
            <translation>flatten과 fc는 벡터입니다: --at INDEX나 --channel INDEX로 인덱스 하나를 주세요</translation>
        </message>
        <message>
            <source>flattened vector</source>
            <translation>평탄화된 벡터</translation>
        </message>
        <message>
            <source>flattening from axis 1 keeps one row of {n} features per image</source>
            <translation>1번 축부터 평탄화하면 이미지마다 특징 {n}개의 행 하나가 유지됩니다</translation>
        </message>
        <message>
            <source>floating-point values {lo}–{hi} scaled to 0–1</source>
            <translation>부동소수점 값 {lo}–{hi}을(를) 0–1로 조정함</translation>
        </message>
        <message>
            <source>formula (H)</source>
            <translation>공식 (H)</translation>
        </message>
        <message>
            <source>full screen</source>
            <translation>전체 화면</translation>
        </message>
        <message>
            <source>fully connected equivalent</source>
            <translation>같은 일을 하는 완전 연결 계층</translation>
        </message>
        <message>
            <source>give an image or --pattern, not both</source>
            <translation>이미지나 --pattern 중 하나만 주세요</translation>
        </message>
        <message>
            <source>give an image to render, or --pattern NAME (e.g. --pattern checkerboard:8)</source>
            <translation>그릴 이미지나 --pattern NAME을 주세요 (예: --pattern checkerboard:8)</translation>
        </message>
        <message>
            <source>green</source>
            <translation>초록</translation>
        </message>
        <message>
            <source>grey (all input channels)</source>
            <translation>회색 (모든 입력 채널)</translation>
        </message>
        <message>
            <source>groups</source>
            <translation>그룹 수</translation>
        </message>
        <message>
            <source>groups={groups} does not divide out_channels={cout}. Every group makes the same number of feature maps: set out_channels to a multiple of {groups} (e.g. {suggest}), or groups to a number that divides both {cin} and {cout} (e.g. {options}).</source>
            <translation>groups={groups}는 out_channels={cout}을(를) 나누어떨어지게 하지 못합니다. 그룹마다 같은 수의 특징 맵을 만듭니다: out_channels를 {groups}의 배수(예: {suggest})로 하거나, groups를 {cin}과(와) {cout}을(를) 모두 나누는 수(예: {options})로 하세요.</translation>
        </message>
        <message>
            <source>groups={groups} does not divide the {cin} input channels ({cin} / {groups} is not whole). Each group must get the same number of input channels and make the same number of feature maps: use a number that divides both {cin} and out_channels={cout}, e.g. {options}.</source>
            <translation>groups={groups}는 입력 채널 {cin}개를 나누어떨어지게 하지 못합니다({cin} / {groups}가 정수가 아님). 그룹마다 같은 수의 입력 채널을 받아 같은 수의 특징 맵을 만들어야 합니다: {cin}과(와) out_channels={cout}을(를) 모두 나누는 수를 쓰세요. 예: {options}.</translation>
        </message>
        <message>
            <source>groups={g}: this channel is in group {group}, fed by input channels {first}–{last}</source>
            <translation>groups={g}: 이 채널은 그룹 {group}에 있고 입력 채널 {first}–{last}을(를) 받습니다</translation>
        </message>
        <message>
            <source>guessing: ln {n} = {value:.2f}</source>
            <translation>찍기: ln {n} = {value:.2f}</translation>
        </message>
        <message>
            <source>guessing: {value:.0f} %</source>
            <translation>찍기: {value:.0f} %</translation>
        </message>
        <message>
            <source>h: left to right, v: top to bottom</source>
            <translation>h: 왼쪽에서 오른쪽으로, v: 위에서 아래로</translation>
        </message>
        <message>
            <source>height and width: 256 or 128x192</source>
            <translation>높이와 너비: 256 또는 128x192</translation>
        </message>
        <message>
            <source>held-out accuracy: {acc:.1f} % on {n} images (seed {seed})</source>
            <translation>검증 정확도: 이미지 {n}개에서 {acc:.1f} % (시드 {seed})</translation>
        </message>
        <message>
            <source>held-out images</source>
            <translation>검증용 이미지 수</translation>
        </message>
        <message>
            <source>held-out: {value:.1f} %</source>
            <translation>검증: {value:.1f} %</translation>
        </message>
        <message>
            <source>how long to run (default: 1)</source>
            <translation>실행할 시간 (기본값: 1)</translation>
        </message>
        <message>
            <source>how to read this window</source>
            <translation>이 창을 읽는 법</translation>
        </message>
        <message>
            <source>image data must have the shape (height, width), (height, width, 3) or (height, width, 4), not {shape}</source>
            <translation>이미지 데이터의 모양은 (높이, 너비), (높이, 너비, 3) 또는 (높이, 너비, 4)여야 합니다. {shape}가 아닙니다</translation>
        </message>
        <message>
            <source>image data of type {dtype} cannot be used; use uint8, uint16 or float values</source>
            <translation>{dtype} 자료형의 이미지 데이터는 쓸 수 없습니다. uint8, uint16 또는 실수 값을 쓰세요</translation>
        </message>
        <message>
            <source>image fit</source>
            <translation>이미지 맞춤</translation>
        </message>
        <message>
            <source>image size (default 256: the input size)</source>
            <translation>이미지 크기 (기본값 256: 입력 크기)</translation>
        </message>
        <message>
            <source>image to use (default: the bundled cat)</source>
            <translation>쓸 이미지 (기본값: 포함된 고양이)</translation>
        </message>
        <message>
            <source>image {a} → {b}</source>
            <translation>이미지 {a} → {b}</translation>
        </message>
        <message>
            <source>image {name}</source>
            <translation>이미지 {name}</translation>
        </message>
        <message>
            <source>image: {name}</source>
            <translation>이미지: {name}</translation>
        </message>
        <message>
            <source>images are drawn from 16 to 1024 pixels per side</source>
            <translation>이미지는 한 변이 16에서 1024픽셀 사이로 그립니다</translation>
        </message>
        <message>
            <source>images drawn for each epoch</source>
            <translation>에포크마다 그리는 이미지 수</translation>
        </message>
        <message>
            <source>images never trained on, classified at the end to measure the accuracy</source>
            <translation>학습에 쓰지 않은 이미지, 끝에 분류해서 정확도를 잽니다</translation>
        </message>
        <message>
            <source>images per batch (default 2)</source>
            <translation>배치당 이미지 수 (기본값 2)</translation>
        </message>
        <message>
            <source>images per class (default 10)</source>
            <translation>클래스마다 이미지 수 (기본값 10)</translation>
        </message>
        <message>
            <source>images per epoch</source>
            <translation>에포크당 이미지 수</translation>
        </message>
        <message>
            <source>images per step (default {n})</source>
            <translation>단계당 이미지 수 (기본값 {n})</translation>
        </message>
        <message>
            <source>images per training step</source>
            <translation>학습 단계당 이미지 수</translation>
        </message>
        <message>
            <source>in {n}</source>
            <translation>입력 {n}</translation>
        </message>
        <message>
            <source>include blocks 3 to 5</source>
            <translation>블록 3~5도 포함</translation>
        </message>
        <message>
            <source>index</source>
            <translation>인덱스</translation>
        </message>
        <message>
            <source>index {i} = {c}·({h}·{w}) + {r}·{w} + {col}: {prev} channel {c}, row {r}, column {col}</source>
            <translation>인덱스 {i} = {c}·({h}·{w}) + {r}·{w} + {col}: {prev} 채널 {c}, {r}행, {col}열</translation>
        </message>
        <message>
            <source>input</source>
            <translation>입력</translation>
        </message>
        <message>
            <source>input channel {c}: patch</source>
            <translation>입력 채널 {c}: 패치</translation>
        </message>
        <message>
            <source>input channel {c}: sum = {s}</source>
            <translation>입력 채널 {c}: 합 = {s}</translation>
        </message>
        <message>
            <source>input channel {n}</source>
            <translation>입력 채널 {n}</translation>
        </message>
        <message>
            <source>input channel {n} does not exist: this kernel has channels 0 to {last}</source>
            <translation>입력 채널 {n}은(는) 없습니다: 이 커널의 채널은 0부터 {last}까지입니다</translation>
        </message>
        <message>
            <source>input height and width, e.g. 256 or 224x320</source>
            <translation>입력의 높이와 너비, 예: 256 또는 224x320</translation>
        </message>
        <message>
            <source>input must be "pattern:NAME[:ARGS]" (e.g. pattern:impulse:size=32) or "image:FILE"</source>
            <translation>input은 "pattern:NAME[:ARGS]"(예: pattern:impulse:size=32) 또는 "image:FILE"이어야 합니다</translation>
        </message>
        <message>
            <source>input size</source>
            <translation>입력 크기</translation>
        </message>
        <message>
            <source>input sizes to measure, comma-separated (default 256,512,1024)</source>
            <translation>측정할 입력 크기, 쉼표로 구분 (기본값 256,512,1024)</translation>
        </message>
        <message>
            <source>input · row {row}, col {col} · R {r:.3f} G {g:.3f} B {b:.3f}</source>
            <translation>입력 · {row}행, {col}열 · R {r:.3f} G {g:.3f} B {b:.3f}</translation>
        </message>
        <message>
            <source>interrupted</source>
            <translation>중단됨</translation>
        </message>
        <message>
            <source>it is a folder</source>
            <translation>폴더입니다</translation>
        </message>
        <message>
            <source>it is not UTF-8 text</source>
            <translation>UTF-8 글이 아닙니다</translation>
        </message>
        <message>
            <source>it is not valid JSON ({reason})</source>
            <translation>올바른 JSON이 아닙니다 ({reason})</translation>
        </message>
        <message>
            <source>it lists {n:,} tensors (at most {limit:,})</source>
            <translation>텐서 {n:,}개가 들어 있습니다 (최대 {limit:,})</translation>
        </message>
        <message>
            <source>it nests {depth} levels deep (at most {limit} are accepted)</source>
            <translation>{depth}단계 깊이로 중첩됩니다 (최대 {limit}단계까지 받음)</translation>
        </message>
        <message>
            <source>it printed no result</source>
            <translation>결과를 출력하지 않았습니다</translation>
        </message>
        <message>
            <source>it was saved with {hints}</source>
            <translation>{hints}(으)로 저장되었습니다</translation>
        </message>
        <message>
            <source>its EXIF data is damaged, so it is shown unrotated</source>
            <translation>EXIF 데이터가 손상되어 회전하지 않고 보여 줍니다</translation>
        </message>
        <message>
            <source>its ReLU channel is dead</source>
            <translation>이 채널의 ReLU는 죽어 있습니다</translation>
        </message>
        <message>
            <source>its colour mode {mode} cannot be converted to RGB ({detail})</source>
            <translation>색 모드 {mode}를 RGB로 바꿀 수 없습니다 ({detail})</translation>
        </message>
        <message>
            <source>its header: {reason}</source>
            <translation>헤더: {reason}</translation>
        </message>
        <message>
            <source>its members declare {total:,} bytes, more than the file's {size:,} (a zip bomb?)</source>
            <translation>항목들이 {total:,}바이트라고 하는데, 파일의 {size:,}보다 큽니다 (zip 폭탄?)</translation>
        </message>
        <message>
            <source>its object table (data.pkl) is {size}; cnnviz reads up to {limit}</source>
            <translation>객체 표(data.pkl)가 {size}입니다. cnnviz는 {limit}까지 읽습니다</translation>
        </message>
        <message>
            <source>its tensors hold {count:,} values ({size} as float32), more than the {limit} memory budget (raise it with CNNVIZ_MEMORY_LIMIT)</source>
            <translation>텐서에 값이 {count:,}개(float32로 {size}) 있어 메모리 한도 {limit}보다 많습니다 (CNNVIZ_MEMORY_LIMIT로 올리세요)</translation>
        </message>
        <message>
            <source>jump</source>
            <translation>누적 간격</translation>
        </message>
        <message>
            <source>kernel</source>
            <translation>커널</translation>
        </message>
        <message>
            <source>kernel edit not applied</source>
            <translation>커널 편집을 적용하지 않음</translation>
        </message>
        <message>
            <source>kernel edits must be an object of layer: {channel: edit}</source>
            <translation>커널 편집은 계층: {channel: edit} 꼴의 객체여야 합니다</translation>
        </message>
        <message>
            <source>kernel edits {a} → {b}</source>
            <translation>커널 편집 {a} → {b}</translation>
        </message>
        <message>
            <source>kernel size</source>
            <translation>커널 크기</translation>
        </message>
        <message>
            <source>kernel {layer} ch {channel}</source>
            <translation>커널 {layer} 채널 {channel}</translation>
        </message>
        <message>
            <source>kernels: {n} channels</source>
            <translation>커널: 채널 {n}개</translation>
        </message>
        <message>
            <source>killed by signal {number}</source>
            <translation>신호 {number}(으)로 종료됨</translation>
        </message>
        <message>
            <source>label smoothing of the loss (default {n})</source>
            <translation>손실의 레이블 평활화 (기본값 {n})</translation>
        </message>
        <message>
            <source>language of the output: ko or en (default: CNNVIZ_LANG, then the system locale)</source>
            <translation>출력 언어: ko 또는 en (기본값: CNNVIZ_LANG, 그다음 시스템 로캘)</translation>
        </message>
        <message>
            <source>largest score: {name} ({p:.1f} %), not a prediction</source>
            <translation>가장 큰 점수: {name} ({p:.1f} %), 예측이 아님</translation>
        </message>
        <message>
            <source>largest |B − A|</source>
            <translation>가장 큰 |B − A|</translation>
        </message>
        <message>
            <source>last valid result: {shape}</source>
            <translation>마지막 정상 결과: {shape}</translation>
        </message>
        <message>
            <source>layer</source>
            <translation>계층</translation>
        </message>
        <message>
            <source>learning rate</source>
            <translation>학습률</translation>
        </message>
        <message>
            <source>lesson {n} is also in {other}</source>
            <translation>{n}강이 {other}에도 있습니다</translation>
        </message>
        <message>
            <source>list every setting key, its default and range</source>
            <translation>모든 설정 키와 기본값, 범위를 보여 줍니다</translation>
        </message>
        <message>
            <source>logit {v}</source>
            <translation>로짓 {v}</translation>
        </message>
        <message>
            <source>made with cnnviz {version}</source>
            <translation>cnnviz {version}(으)로 만듦</translation>
        </message>
        <message>
            <source>maps</source>
            <translation>맵</translation>
        </message>
        <message>
            <source>maps must be shaped (C, H, W) or (H, W), not {shape}</source>
            <translation>맵의 모양은 (C, H, W)나 (H, W)여야 합니다. {shape}가 아닙니다</translation>
        </message>
        <message>
            <source>max</source>
            <translation>최대</translation>
        </message>
        <message>
            <source>max = {v} at {prev} row {r}, column {c}</source>
            <translation>최대 = {v}, 위치 {prev} {r}행 {c}열</translation>
        </message>
        <message>
            <source>max keeps the largest value in each window, avg their mean; none skips pooling.</source>
            <translation>max(최댓값 풀링)는 각 윈도에서 가장 큰 값을, avg(평균값 풀링)는 평균을 남깁니다. none은 풀링을 건너뜁니다.</translation>
        </message>
        <message>
            <source>mean of the last {n} steps</source>
            <translation>최근 {n}단계의 평균</translation>
        </message>
        <message>
            <source>measure cnnviz against the bare forward pass and a matplotlib grid</source>
            <translation>cnnviz를 순수한 순전파, matplotlib 격자와 비교하여 측정합니다</translation>
        </message>
        <message>
            <source>metadata entries must be text</source>
            <translation>메타데이터 항목은 글자여야 합니다</translation>
        </message>
        <message>
            <source>metadata entry '{key}' is not text (it is a {kind})</source>
            <translation>메타데이터 항목 '{key}'이(가) 글자가 아닙니다 ({kind}입니다)</translation>
        </message>
        <message>
            <source>metadata entry '{key}' is {n:,} characters long (at most {limit:,})</source>
            <translation>메타데이터 항목 '{key}'의 길이가 {n:,}글자입니다 (최대 {limit:,})</translation>
        </message>
        <message>
            <source>metadata may not replace {keys}</source>
            <translation>메타데이터는 {keys}을(를) 바꿀 수 없습니다</translation>
        </message>
        <message>
            <source>min</source>
            <translation>최소</translation>
        </message>
        <message>
            <source>minute {m}</source>
            <translation>{m}분</translation>
        </message>
        <message>
            <source>move between the channels' tiles</source>
            <translation>채널 타일 사이를 이동</translation>
        </message>
        <message>
            <source>move between the toolbar, the sidebar and the panels</source>
            <translation>도구 모음, 사이드바, 패널 사이를 이동</translation>
        </message>
        <message>
            <source>move the cell cursor inside a map; the status bar reads it</source>
            <translation>맵 안에서 칸 커서를 이동. 상태 표시줄이 값을 읽습니다</translation>
        </message>
        <message>
            <source>mps (Apple GPU)</source>
            <translation>mps (Apple GPU)</translation>
        </message>
        <message>
            <source>must be a number of at least 0</source>
            <translation>0 이상의 수여야 합니다</translation>
        </message>
        <message>
            <source>must be a positive number</source>
            <translation>양수여야 합니다</translation>
        </message>
        <message>
            <source>must be an object</source>
            <translation>객체여야 합니다</translation>
        </message>
        <message>
            <source>must be an object of channel: edit</source>
            <translation>채널: 편집 꼴의 객체여야 합니다</translation>
        </message>
        <message>
            <source>must be an object with 'cmap' and/or 'norm'</source>
            <translation>'cmap'이나 'norm'을 가진 객체여야 합니다</translation>
        </message>
        <message>
            <source>must be at least 0 and below 1</source>
            <translation>0 이상 1 미만이어야 합니다</translation>
        </message>
        <message>
            <source>must be at least 1</source>
            <translation>1 이상이어야 합니다</translation>
        </message>
        <message>
            <source>must be at least {minimum}, not {value}</source>
            <translation>{minimum} 이상이어야 합니다. {value}가 아닙니다</translation>
        </message>
        <message>
            <source>must be between 1 and {maximum}, not {value}</source>
            <translation>1에서 {maximum} 사이여야 합니다. {value}가 아닙니다</translation>
        </message>
        <message>
            <source>must be one of: {choices}</source>
            <translation>다음 중 하나여야 합니다: {choices}</translation>
        </message>
        <message>
            <source>must be two finite numbers, low &lt; high</source>
            <translation>유한한 두 수여야 합니다, 낮은 값 &lt; 높은 값</translation>
        </message>
        <message>
            <source>name every file skipped in a folder</source>
            <translation>폴더에서 건너뛴 파일의 이름을 모두 보여 줍니다</translation>
        </message>
        <message>
            <source>name the weights file *.safetensors (or *.pt)</source>
            <translation>가중치 파일 이름을 *.safetensors(또는 *.pt)로 하세요</translation>
        </message>
        <message>
            <source>nested too deeply</source>
            <translation>중첩이 너무 깊습니다</translation>
        </message>
        <message>
            <source>network</source>
            <translation>신경망</translation>
        </message>
        <message>
            <source>no bundled image '{name}'; the bundled images are {names}</source>
            <translation>함께 제공되는 이미지 '{name}'이(가) 없습니다. 함께 제공되는 이미지: {names}</translation>
        </message>
        <message>
            <source>no image '{name}' in the lesson's folder ({folder}) and no bundled image of that name</source>
            <translation>학습 폴더({folder})에 이미지 '{name}'이(가) 없고, 그런 이름의 함께 제공되는 이미지도 없습니다</translation>
        </message>
        <message>
            <source>no images in this folder (looked for {suffixes})</source>
            <translation>이 폴더에 이미지가 없습니다 ({suffixes}을(를) 찾음)</translation>
        </message>
        <message>
            <source>no lesson files here: a lesson is named like 01-convolution.toml</source>
            <translation>여기에는 학습 파일이 없습니다. 학습 파일 이름은 01-convolution.toml처럼 짓습니다</translation>
        </message>
        <message>
            <source>no lessons</source>
            <translation>학습 없음</translation>
        </message>
        <message>
            <source>no pixel has a finite value (all are NaN or infinite), so the image is all black</source>
            <translation>유한한 값을 가진 픽셀이 없어서(모두 NaN이나 무한대) 이미지가 온통 검습니다</translation>
        </message>
        <message>
            <source>no pooling: the ReLU output goes straight on</source>
            <translation>풀링 없음: ReLU 출력이 그대로 다음으로 갑니다</translation>
        </message>
        <message>
            <source>no result yet</source>
            <translation>아직 결과 없음</translation>
        </message>
        <message>
            <source>no stage '{stage}' in this network; it has {stages}</source>
            <translation>이 신경망에는 '{stage}' 단계가 없습니다. 있는 단계: {stages}</translation>
        </message>
        <message>
            <source>no such benchmark row: {row}</source>
            <translation>그런 벤치마크 줄은 없습니다: {row}</translation>
        </message>
        <message>
            <source>no such file</source>
            <translation>그런 파일이 없습니다</translation>
        </message>
        <message>
            <source>no such file or folder</source>
            <translation>그런 파일이나 폴더가 없습니다</translation>
        </message>
        <message>
            <source>no such language: {value} (cnnviz speaks {languages})</source>
            <translation>그런 언어는 없습니다: {value} (cnnviz가 쓰는 언어: {languages})</translation>
        </message>
        <message>
            <source>non-negative</source>
            <translation>음수 아님</translation>
        </message>
        <message>
            <source>none (the textbook's network)</source>
            <translation>없음 (교과서의 신경망)</translation>
        </message>
        <message>
            <source>none: the window's size, here {k}</source>
            <translation>none: 윈도 크기, 여기서는 {k}</translation>
        </message>
        <message>
            <source>not a cnnviz session ('format' is not '{format}')</source>
            <translation>cnnviz 세션이 아닙니다 ('format'이 '{format}'이 아님)</translation>
        </message>
        <message>
            <source>not a file</source>
            <translation>파일이 아닙니다</translation>
        </message>
        <message>
            <source>not a readable PyTorch file (truncated or damaged?): cnnviz reads the zip format torch.save has written since PyTorch 1.6 (re-save an older file with a current PyTorch)</source>
            <translation>읽을 수 있는 PyTorch 파일이 아닙니다 (잘렸거나 손상됨?): cnnviz는 PyTorch 1.6부터 torch.save가 쓰는 zip 형식을 읽습니다 (오래된 파일은 현재 PyTorch로 다시 저장하세요)</translation>
        </message>
        <message>
            <source>not a readable PyTorch file (truncated or damaged?): {reason}</source>
            <translation>읽을 수 있는 PyTorch 파일이 아닙니다 (잘렸거나 손상됨?): {reason}</translation>
        </message>
        <message>
            <source>not a readable safetensors file (truncated or damaged?): {reason}</source>
            <translation>읽을 수 있는 safetensors 파일이 아닙니다 (잘렸거나 손상됨?): {reason}</translation>
        </message>
        <message>
            <source>not a stored JSON text</source>
            <translation>저장된 JSON 글이 아닙니다</translation>
        </message>
        <message>
            <source>not a text file (a session is JSON)</source>
            <translation>텍스트 파일이 아닙니다 (세션은 JSON입니다)</translation>
        </message>
        <message>
            <source>not a valid TOML file: {reason}</source>
            <translation>올바른 TOML 파일이 아닙니다: {reason}</translation>
        </message>
        <message>
            <source>not an image file Pillow can read (is it really a {format}?)</source>
            <translation>Pillow가 읽을 수 있는 이미지 파일이 아닙니다 (정말 {format}인가요?)</translation>
        </message>
        <message>
            <source>not an image file Pillow can read: it holds text (is it really a {format}?)</source>
            <translation>Pillow가 읽을 수 있는 이미지 파일이 아닙니다: 글자가 들어 있습니다 (정말 {format}인가요?)</translation>
        </message>
        <message>
            <source>not an image file Pillow can read: it holds text; accepted formats: {formats}</source>
            <translation>Pillow가 읽을 수 있는 이미지 파일이 아닙니다: 글자가 들어 있습니다. 받는 형식: {formats}</translation>
        </message>
        <message>
            <source>not an image file Pillow can read; accepted formats: {formats}</source>
            <translation>Pillow가 읽을 수 있는 이미지 파일이 아닙니다. 받는 형식: {formats}</translation>
        </message>
        <message>
            <source>not computed: fix the problem above first</source>
            <translation>계산하지 않음: 먼저 위의 문제를 고치세요</translation>
        </message>
        <message>
            <source>not enough memory for this network at this input size: {reason}</source>
            <translation>이 입력 크기에서 이 신경망을 돌릴 메모리가 부족합니다: {reason}</translation>
        </message>
        <message>
            <source>not valid JSON (a number too long or nesting too deep)</source>
            <translation>올바른 JSON이 아닙니다 (수가 너무 길거나 중첩이 너무 깊음)</translation>
        </message>
        <message>
            <source>not valid JSON (line {line}, column {col}: {msg})</source>
            <translation>올바른 JSON이 아닙니다 ({line}행 {col}열: {msg})</translation>
        </message>
        <message>
            <source>nothing</source>
            <translation>없음</translation>
        </message>
        <message>
            <source>nothing: B is A</source>
            <translation>없음: B가 A입니다</translation>
        </message>
        <message>
            <source>omit it with --pattern</source>
            <translation>--pattern과 함께라면 빼세요</translation>
        </message>
        <message>
            <source>on</source>
            <translation>대상</translation>
        </message>
        <message>
            <source>one bright pixel on black: each conv1 map shows its kernel, turned by 180° (torch computes cross-correlation)</source>
            <translation>검은 바탕의 밝은 픽셀 하나: conv1의 각 맵이 자기 커널을 180° 돌려서 보여 줍니다 (torch는 교차 상관을 계산합니다)</translation>
        </message>
        <message>
            <source>one image hides the bug: {n} values are exactly what Linear expects, and a 1-D input is allowed, so the output is {classes} scores with the batch axis gone</source>
            <translation>이미지 하나로는 버그가 드러나지 않습니다: 값 {n}개는 Linear가 기대하는 그대로이고 1차원 입력도 허용되므로, 출력은 배치 축이 사라진 점수 {classes}개입니다</translation>
        </message>
        <message>
            <source>one per stage. A conv panel shows its feature maps (one small picture per output channel), a ReLU panel the activation maps, a pool panel the pooled maps; the flatten panel is the vector handed to the fully connected layer, and the last panel the class scores.</source>
            <translation>단계마다 하나. conv 패널은 특징 맵(출력 채널마다 작은 그림 하나)을, ReLU 패널은 활성화 맵을, pool 패널은 풀링된 맵을 보여 줍니다. flatten 패널은 완전 연결 계층에 넘기는 벡터이고, 마지막 패널은 클래스 점수입니다.</translation>
        </message>
        <message>
            <source>one range for the stage</source>
            <translation>단계 전체에 범위 하나</translation>
        </message>
        <message>
            <source>one score per class: {n}</source>
            <translation>클래스마다 점수 하나: {n}</translation>
        </message>
        <message>
            <source>one vector of every value: {formula}</source>
            <translation>모든 값을 한 벡터로: {formula}</translation>
        </message>
        <message>
            <source>one-cycle: the learning rate rises during the warm-up, then falls along a cosine; cosine: it falls from the start (default {name})</source>
            <translation>one-cycle: 학습률이 워밍업 동안 오른 뒤 코사인을 따라 내려갑니다. cosine: 처음부터 내려갑니다 (기본값 {name})</translation>
        </message>
        <message>
            <source>open an image</source>
            <translation>이미지 열기</translation>
        </message>
        <message>
            <source>open the channel under the cursor enlarged</source>
            <translation>커서 아래의 채널을 크게 열기</translation>
        </message>
        <message>
            <source>other weights</source>
            <translation>다른 가중치</translation>
        </message>
        <message>
            <source>out channels</source>
            <translation>출력 채널</translation>
        </message>
        <message>
            <source>out {shape}</source>
            <translation>출력 {shape}</translation>
        </message>
        <message>
            <source>output</source>
            <translation>출력</translation>
        </message>
        <message>
            <source>output channel {channel} is not a number from 0 to {last}</source>
            <translation>출력 채널 {channel}은(는) 0에서 {last}까지의 수가 아닙니다</translation>
        </message>
        <message>
            <source>output {axis}</source>
            <translation>출력 {axis}</translation>
        </message>
        <message>
            <source>padding</source>
            <translation>패딩</translation>
        </message>
        <message>
            <source>padding and rounding: a layer's padded input and the rows it leaves unread</source>
            <translation>패딩과 내림: 계층의 패딩된 입력과 읽지 않고 남기는 행</translation>
        </message>
        <message>
            <source>padding colour</source>
            <translation>패딩 색</translation>
        </message>
        <message>
            <source>padding mode</source>
            <translation>패딩 모드</translation>
        </message>
        <message>
            <source>padding {p} is more than half the {k}-wide window ({k} // 2 = {half}) on axis {axis}: a window could then lie wholly in the padding and see no pixel at all. Use padding ≤ {half} or a window of at least {need}.</source>
            <translation>축 {axis}의 패딩 {p}이(가) 너비 {k} 윈도의 절반({k} // 2 = {half})보다 큽니다: 그러면 윈도가 통째로 패딩 안에 놓여 픽셀을 하나도 보지 못할 수 있습니다. 패딩 ≤ {half}로 하거나 윈도를 {need} 이상으로 하세요.</translation>
        </message>
        <message>
            <source>padding {p} on axis {axis} with padding_mode '{mode}' mirrors pixels from a {n}-pixel input: {rule}. Use padding ≤ {fix}, or padding_mode 'zeros' or 'replicate'.</source>
            <translation>축 {axis}의 패딩 {p}은(는) padding_mode '{mode}'에서 {n}픽셀 입력의 픽셀을 거울처럼 비춥니다: {rule}. 패딩 ≤ {fix}로 하거나 padding_mode 'zeros'(제로 패딩)나 'replicate'를 쓰세요.</translation>
        </message>
        <message>
            <source>padding='same' keeps the output as large as the input, which a stride of {stride} cannot do (torch refuses it). Set stride to 1, or give padding as a number, e.g. {pad}.</source>
            <translation>padding='same'은 출력을 입력만큼 크게 유지하는데, 간격 {stride}로는 그럴 수 없습니다(torch가 거부합니다). 간격(stride)을 1로 하거나 패딩을 수로 주세요. 예: {pad}.</translation>
        </message>
        <message>
            <source>parameters</source>
            <translation>매개변수</translation>
        </message>
        <message>
            <source>params</source>
            <translation>매개변수</translation>
        </message>
        <message>
            <source>passes over the training images (default {n})</source>
            <translation>학습 이미지를 도는 횟수 (기본값 {n})</translation>
        </message>
        <message>
            <source>passes the input through unchanged</source>
            <translation>입력을 바꾸지 않고 그대로 넘깁니다</translation>
        </message>
        <message>
            <source>passes, each over fresh images</source>
            <translation>반복 횟수, 매번 새 이미지로</translation>
        </message>
        <message>
            <source>paste an image (or a file path)</source>
            <translation>이미지(또는 파일 경로) 붙여넣기</translation>
        </message>
        <message>
            <source>per channel</source>
            <translation>채널별</translation>
        </message>
        <message>
            <source>per stage</source>
            <translation>단계별</translation>
        </message>
        <message>
            <source>per-channel range</source>
            <translation>채널별 범위</translation>
        </message>
        <message>
            <source>period {n} is odd; use an even number so both halves are whole pixels</source>
            <translation>주기 {n}이(가) 홀수입니다. 두 절반이 온전한 픽셀이 되도록 짝수를 쓰세요</translation>
        </message>
        <message>
            <source>permission denied</source>
            <translation>권한이 없습니다</translation>
        </message>
        <message>
            <source>pinned</source>
            <translation>고정됨</translation>
        </message>
        <message>
            <source>pixels per cycle (a light and a dark part)</source>
            <translation>한 주기의 픽셀 수 (밝은 부분과 어두운 부분)</translation>
        </message>
        <message>
            <source>pooled maps</source>
            <translation>풀링된 맵</translation>
        </message>
        <message>
            <source>pooling</source>
            <translation>풀링</translation>
        </message>
        <message>
            <source>prepare {p:.1f} ms · forward {f:.1f} ms · tiles {t:.1f} ms · reused: {r}</source>
            <translation>준비 {p:.1f} ms · 순전파 {f:.1f} ms · 타일 {t:.1f} ms · 재사용: {r}</translation>
        </message>
        <message>
            <source>previous / next channel</source>
            <translation>이전 / 다음 채널</translation>
        </message>
        <message>
            <source>print every stage's shape (no torch, no Qt)</source>
            <translation>모든 단계의 모양을 출력합니다 (torch, Qt 없이)</translation>
        </message>
        <message>
            <source>print how every count is derived, and the flatten bug</source>
            <translation>모든 개수가 어떻게 나오는지와 평탄화 버그를 출력합니다</translation>
        </message>
        <message>
            <source>print one JSON list</source>
            <translation>JSON 목록 하나를 출력합니다</translation>
        </message>
        <message>
            <source>print one JSON object</source>
            <translation>JSON 객체 하나를 출력합니다</translation>
        </message>
        <message>
            <source>print one JSON object instead of the table</source>
            <translation>표 대신 JSON 객체 하나를 출력합니다</translation>
        </message>
        <message>
            <source>print only the final line</source>
            <translation>마지막 줄만 출력합니다</translation>
        </message>
        <message>
            <source>print the network as PyTorch code (an nn.Module)</source>
            <translation>신경망을 PyTorch 코드(nn.Module)로 출력합니다</translation>
        </message>
        <message>
            <source>products</source>
            <translation>곱</translation>
        </message>
        <message>
            <source>question kind must be one of: {kinds}</source>
            <translation>질문 종류(kind)는 다음 중 하나여야 합니다: {kinds}</translation>
        </message>
        <message>
            <source>quit</source>
            <translation>끝내기</translation>
        </message>
        <message>
            <source>radius in pixels (default: a quarter of the side)</source>
            <translation>픽셀 단위 반지름 (기본값: 변의 4분의 1)</translation>
        </message>
        <message>
            <source>random (seeded)</source>
            <translation>무작위 (시드 고정)</translation>
        </message>
        <message>
            <source>random (seeded) weights: the classes mean nothing yet</source>
            <translation>무작위 (시드 고정) 가중치: 클래스는 아직 아무 뜻이 없습니다</translation>
        </message>
        <message>
            <source>random seed</source>
            <translation>난수 시드</translation>
        </message>
        <message>
            <source>random seed (the same seed, the same changes)</source>
            <translation>난수 시드 (같은 시드면 같은 변경)</translation>
        </message>
        <message>
            <source>random: {layers}</source>
            <translation>무작위: {layers}</translation>
        </message>
        <message>
            <source>reads {prev} rows {rows}, columns {cols} (padding_mode {mode}; [x] = padding)</source>
            <translation>{prev}의 {rows}행, {cols}열을 읽습니다 (padding_mode {mode}; [x] = 패딩)</translation>
        </message>
        <message>
            <source>receptive field</source>
            <translation>수용 영역</translation>
        </message>
        <message>
            <source>receptive field of {cell}: {h} × {w} pixels, jump {jh} × {jw}; rows {r0}…{r1}, columns {c0}…{c1}</source>
            <translation>{cell}의 수용 영역: {h} × {w} 픽셀, 누적 간격 {jh} × {jw}, 행 {r0}…{r1}, 열 {c0}…{c1}</translation>
        </message>
        <message>
            <source>receptive field on the input: rows {r0}–{r1}, columns {c0}–{c1} ({h} × {w}, jump {jh} × {jw})</source>
            <translation>입력 위의 수용 영역: {r0}–{r1}행, {c0}–{c1}열 ({h} × {w}, 누적 간격 {jh} × {jw})</translation>
        </message>
        <message>
            <source>receptive field {axis}</source>
            <translation>수용 영역 {axis}</translation>
        </message>
        <message>
            <source>receptive field {h}×{w}</source>
            <translation>수용 영역 {h}×{w}</translation>
        </message>
        <message>
            <source>red</source>
            <translation>빨강</translation>
        </message>
        <message>
            <source>redo it</source>
            <translation>다시 실행</translation>
        </message>
        <message>
            <source>reduced to {new_w}×{new_h} (1/{factor} of its {width}×{height}): cnnviz keeps at most {limit} pixels of one image</source>
            <translation>{new_w}×{new_h}(으)로 줄임 ({width}×{height}의 1/{factor}): cnnviz는 이미지 하나에 최대 {limit} 픽셀을 둡니다</translation>
        </message>
        <message>
            <source>reflect padding must be smaller than the input ({p} &lt; {n} fails)</source>
            <translation>reflect 패딩은 입력보다 작아야 합니다 ({p} &lt; {n}이 거짓)</translation>
        </message>
        <message>
            <source>refused: the file holds Python objects or code, not just tensors (cnnviz loads .pt files with weights_only=True). Details: {reason}</source>
            <translation>거부함: 파일에 텐서만이 아니라 Python 객체나 코드가 들어 있습니다 (cnnviz는 .pt 파일을 weights_only=True로 읽습니다). 자세히: {reason}</translation>
        </message>
        <message>
            <source>rendered {name} to {where}</source>
            <translation>{name}을(를) {where}에 그렸습니다</translation>
        </message>
        <message>
            <source>rendered {ok} of {total} image(s) to {where} in {seconds:.1f} s{extras}</source>
            <translation>이미지 {total}개 중 {ok}개를 {where}에 그렸습니다 ({seconds:.1f}초){extras}</translation>
        </message>
        <message>
            <source>repetitions of the matplotlib grid (default 3)</source>
            <translation>matplotlib 격자 반복 횟수 (기본값 3)</translation>
        </message>
        <message>
            <source>repetitions per measurement (default 30)</source>
            <translation>측정마다 반복 횟수 (기본값 30)</translation>
        </message>
        <message>
            <source>replace OUT if it exists</source>
            <translation>OUT이 있으면 덮어씁니다</translation>
        </message>
        <message>
            <source>replace images that already exist</source>
            <translation>이미 있는 이미지를 덮어씁니다</translation>
        </message>
        <message>
            <source>replace sheets (and .npz files) that already exist; inputs are never replaced</source>
            <translation>이미 있는 인화지(와 .npz 파일)를 바꿉니다. 입력은 절대 바꾸지 않습니다</translation>
        </message>
        <message>
            <source>reset all kernels</source>
            <translation>모든 커널 되돌리기</translation>
        </message>
        <message>
            <source>reset kernel {layer} ch {channel}</source>
            <translation>커널 {layer} 채널 {channel} 되돌리기</translation>
        </message>
        <message>
            <source>rotated as its EXIF orientation says</source>
            <translation>EXIF 방향 정보대로 회전함</translation>
        </message>
        <message>
            <source>row</source>
            <translation>행</translation>
        </message>
        <message>
            <source>row of the pixel (default: the middle)</source>
            <translation>픽셀의 행 (기본값: 가운데)</translation>
        </message>
        <message>
            <source>row {row} failed: {reason}</source>
            <translation>{row} 줄 실패: {reason}</translation>
        </message>
        <message>
            <source>rows</source>
            <translation>행</translation>
        </message>
        <message>
            <source>rows: true class; columns: predicted class (numbered as the rows)</source>
            <translation>행: 실제 클래스, 열: 예측한 클래스 (번호는 행과 같음)</translation>
        </message>
        <message>
            <source>rows: {text}</source>
            <translation>행: {text}</translation>
        </message>
        <message>
            <source>safetensors (*.safetensors);;PyTorch weights (*.pt)</source>
            <translation>safetensors (*.safetensors);;PyTorch 가중치 (*.pt)</translation>
        </message>
        <message>
            <source>save the session</source>
            <translation>세션 저장</translation>
        </message>
        <message>
            <source>seeded default</source>
            <translation>시드 기본값</translation>
        </message>
        <message>
            <source>seeded default (untrained)</source>
            <translation>시드 기본값 (학습 안 됨)</translation>
        </message>
        <message>
            <source>seeded instead</source>
            <translation>대신 시드 값을 씀</translation>
        </message>
        <message>
            <source>session version {version} is not supported (this cnnviz reads version {supported})</source>
            <translation>세션 버전 {version}은(는) 지원하지 않습니다 (이 cnnviz는 버전 {supported}을(를) 읽습니다)</translation>
        </message>
        <message>
            <source>set one output channel's kernel to a classic filter with bias 0: {names}; TARGET is grey (default: the mean of all input channels), r, g, b (conv1) or an input channel number</source>
            <translation>출력 채널 하나의 커널을 편향 0인 고전 필터로 정합니다: {names}; TARGET은 grey(기본값: 모든 입력 채널의 평균), r, g, b(conv1) 또는 입력 채널 번호입니다</translation>
        </message>
        <message>
            <source>setting changes in the slider stream (default 100)</source>
            <translation>슬라이더 연속 변경의 설정 변경 횟수 (기본값 100)</translation>
        </message>
        <message>
            <source>settings changed from the textbook: {changes}</source>
            <translation>교과서에서 바뀐 설정: {changes}</translation>
        </message>
        <message>
            <source>settings must be an object of key: value pairs</source>
            <translation>settings는 키: 값 쌍의 객체여야 합니다</translation>
        </message>
        <message>
            <source>settings: the textbook network</source>
            <translation>설정: 교과서의 신경망</translation>
        </message>
        <message>
            <source>shape</source>
            <translation>모양</translation>
        </message>
        <message>
            <source>share of MACs</source>
            <translation>MAC 비율</translation>
        </message>
        <message>
            <source>share of parameters</source>
            <translation>매개변수 비율</translation>
        </message>
        <message>
            <source>share of the steps spent warming up, one-cycle only (default {n})</source>
            <translation>워밍업에 쓰는 단계의 비율, one-cycle에서만 (기본값 {n})</translation>
        </message>
        <message>
            <source>sharpen: the pixel minus its four neighbours' blur</source>
            <translation>선명하게: 픽셀에서 네 이웃의 흐림을 뺌</translation>
        </message>
        <message>
            <source>show / hide the A/B comparison</source>
            <translation>A/B 비교 보이기 / 숨기기</translation>
        </message>
        <message>
            <source>show / hide the Train panel (watch the network learn)</source>
            <translation>학습 패널 보이기/숨기기 (신경망이 배우는 모습 보기)</translation>
        </message>
        <message>
            <source>show / hide the batch axis (N × C × H × W) and the torch.flatten bug</source>
            <translation>배치 축(N × C × H × W)과 torch.flatten 버그 보이기/숨기기</translation>
        </message>
        <message>
            <source>show / hide the inspector (click a cell to explain it)</source>
            <translation>검사기 보이기 / 숨기기 (칸을 누르면 설명합니다)</translation>
        </message>
        <message>
            <source>show / hide the kernel editor</source>
            <translation>커널 편집기 보이기 / 숨기기</translation>
        </message>
        <message>
            <source>show / hide the lessons (predict, then see)</source>
            <translation>학습 보이기/숨기기 (예측한 다음 확인)</translation>
        </message>
        <message>
            <source>showing an earlier result</source>
            <translation>이전 결과를 보여 주는 중</translation>
        </message>
        <message>
            <source>signed</source>
            <translation>부호 있음</translation>
        </message>
        <message>
            <source>skip the matplotlib comparison</source>
            <translation>matplotlib 비교를 건너뜁니다</translation>
        </message>
        <message>
            <source>stage</source>
            <translation>단계</translation>
        </message>
        <message>
            <source>stage by stage, from the shape arithmetic</source>
            <translation>모양 계산으로 본 단계별 모습</translation>
        </message>
        <message>
            <source>standard output</source>
            <translation>표준 출력</translation>
        </message>
        <message>
            <source>step {n} of {count}</source>
            <translation>{count}단계 중 {n}단계</translation>
        </message>
        <message>
            <source>stop after this many updates instead</source>
            <translation>대신 이 횟수만큼 갱신한 뒤 멈춥니다</translation>
        </message>
        <message>
            <source>stops at a problem; see the shape strip</source>
            <translation>문제에서 멈춥니다. 모양 띠를 보세요</translation>
        </message>
        <message>
            <source>stride</source>
            <translation>간격</translation>
        </message>
        <message>
            <source>sum = {s}</source>
            <translation>합 = {s}</translation>
        </message>
        <message>
            <source>test pattern {name}</source>
            <translation>테스트 패턴 {name}</translation>
        </message>
        <message>
            <source>the answer must be a shape such as [16, 4, 4] or a whole number</source>
            <translation>답은 [16, 4, 4] 같은 모양이거나 정수여야 합니다</translation>
        </message>
        <message>
            <source>the archive has {n:,} members (at most {limit:,})</source>
            <translation>압축 파일에 항목이 {n:,}개 있습니다 (최대 {limit:,})</translation>
        </message>
        <message>
            <source>the batch axis is flattened too: {batch} images × {n} values = {total} values in one row, and Linear expects {n}</source>
            <translation>배치 축까지 평탄화됩니다: 이미지 {batch}개 × 값 {n}개 = 한 행에 값 {total}개인데, Linear는 {n}개를 기대합니다</translation>
        </message>
        <message>
            <source>the batch size must be 1 to {limit}, not {n}</source>
            <translation>배치 크기는 1에서 {limit}까지여야 합니다. {n}이(가) 아닙니다</translation>
        </message>
        <message>
            <source>the bias must be a finite number</source>
            <translation>편향은 유한한 수여야 합니다</translation>
        </message>
        <message>
            <source>the bias must be a number or null</source>
            <translation>편향은 수나 null이어야 합니다</translation>
        </message>
        <message>
            <source>the bundled trained weights are not installed</source>
            <translation>함께 제공되는 학습된 가중치가 설치되어 있지 않습니다</translation>
        </message>
        <message>
            <source>the bundled trained weights are not installed; using random (seeded) weights</source>
            <translation>함께 제공되는 학습된 가중치가 설치되어 있지 않아 무작위 (시드 고정) 가중치를 씁니다</translation>
        </message>
        <message>
            <source>the bundled weights are not installed; name a file with --weights</source>
            <translation>함께 제공되는 가중치가 설치되어 있지 않습니다. --weights로 파일을 지정하세요</translation>
        </message>
        <message>
            <source>the cell: ROW,COL with --channel, or C,ROW,COL; one INDEX for flatten and fc</source>
            <translation>칸: --channel과 함께 ROW,COL, 또는 C,ROW,COL; flatten과 fc에서는 INDEX 하나</translation>
        </message>
        <message>
            <source>the channel (or the index for flatten and fc)</source>
            <translation>채널 (flatten과 fc에서는 인덱스)</translation>
        </message>
        <message>
            <source>the chapter's lessons, one idea each (predict, then see)</source>
            <translation>장을 따라가는 강의, 강마다 개념 하나 (예측하고 확인하기)</translation>
        </message>
        <message>
            <source>the classifier would need {features:,} inputs × {classes} classes = {mb:,} MB of weights (the limit is {limit} MB). Downsample more before flattening: pooling, larger strides or a smaller input.</source>
            <translation>분류기에 입력 {features:,}개 × 클래스 {classes}개 = 가중치 {mb:,} MB가 필요합니다 (한도는 {limit} MB). 평탄화하기 전에 더 줄이세요: 풀링, 더 큰 간격, 또는 더 작은 입력.</translation>
        </message>
        <message>
            <source>the command line's defaults (a longer run)</source>
            <translation>명령줄의 기본값 (더 긴 실행)</translation>
        </message>
        <message>
            <source>the contact sheet is a PNG: name the output *.png or a folder</source>
            <translation>밀착 인화지(contact sheet)는 PNG입니다: 출력 이름을 *.png나 폴더로 하세요</translation>
        </message>
        <message>
            <source>the current settings cannot be computed (see the problem marked in red)</source>
            <translation>현재 설정은 계산할 수 없습니다 (빨갛게 표시된 문제를 보세요)</translation>
        </message>
        <message>
            <source>the current settings give no network to flatten</source>
            <translation>현재 설정으로는 평탄화할 신경망이 없습니다</translation>
        </message>
        <message>
            <source>the data set's seed (default: the training set's)</source>
            <translation>데이터 세트의 시드 (기본값: 학습 세트의 시드)</translation>
        </message>
        <message>
            <source>the disk is full</source>
            <translation>디스크가 가득 찼습니다</translation>
        </message>
        <message>
            <source>the disk quota is used up</source>
            <translation>디스크 할당량을 다 썼습니다</translation>
        </message>
        <message>
            <source>the file already exists</source>
            <translation>파일이 이미 있습니다</translation>
        </message>
        <message>
            <source>the file cannot be read ({detail})</source>
            <translation>파일을 읽을 수 없습니다 ({detail})</translation>
        </message>
        <message>
            <source>the file ended inside '{name}'</source>
            <translation>파일이 '{name}' 도중에 끝났습니다</translation>
        </message>
        <message>
            <source>the file exists; use --overwrite to replace it</source>
            <translation>파일이 이미 있습니다. 덮어쓰려면 --overwrite를 쓰세요</translation>
        </message>
        <message>
            <source>the file holds no tensors</source>
            <translation>파일에 텐서가 없습니다</translation>
        </message>
        <message>
            <source>the file holds {n:,} entries; cnnviz reads at most 4,096</source>
            <translation>파일에 항목이 {n:,}개 있습니다. cnnviz는 최대 4,096개를 읽습니다</translation>
        </message>
        <message>
            <source>the file is empty</source>
            <translation>파일이 비어 있습니다</translation>
        </message>
        <message>
            <source>the file is empty (0 bytes), so it holds no image</source>
            <translation>파일이 비어 있어서(0바이트) 이미지가 없습니다</translation>
        </message>
        <message>
            <source>the file is shorter than the 8-byte header length</source>
            <translation>파일이 8바이트 헤더 길이보다 짧습니다</translation>
        </message>
        <message>
            <source>the file is too large to be a session (over 1 MB)</source>
            <translation>파일이 세션이라기엔 너무 큽니다 (1 MB 초과)</translation>
        </message>
        <message>
            <source>the file is {size} MB; cnnviz reads image files of at most {limit} MB</source>
            <translation>파일이 {size} MB입니다. cnnviz는 {limit} MB까지의 이미지 파일을 읽습니다</translation>
        </message>
        <message>
            <source>the file is {size}; cnnviz reads weights files up to {limit}</source>
            <translation>파일이 {size}입니다. cnnviz는 {limit}까지의 가중치 파일을 읽습니다</translation>
        </message>
        <message>
            <source>the file name holds a NUL character</source>
            <translation>파일 이름에 NUL 문자가 있습니다</translation>
        </message>
        <message>
            <source>the file name is too long for this file system</source>
            <translation>파일 이름이 이 파일 시스템에서 쓰기엔 너무 깁니다</translation>
        </message>
        <message>
            <source>the file starts like a {format} image, but its header is damaged, so Pillow cannot read it</source>
            <translation>파일이 {format} 이미지처럼 시작하지만 헤더가 손상되어 Pillow가 읽을 수 없습니다</translation>
        </message>
        <message>
            <source>the file system is read-only</source>
            <translation>파일 시스템이 읽기 전용입니다</translation>
        </message>
        <message>
            <source>the file's image header is damaged, so Pillow cannot read it ({detail})</source>
            <translation>파일의 이미지 헤더가 손상되어 Pillow가 읽을 수 없습니다 ({detail})</translation>
        </message>
        <message>
            <source>the folder does not exist</source>
            <translation>폴더가 없습니다</translation>
        </message>
        <message>
            <source>the folder to write to (made if missing)</source>
            <translation>쓸 폴더 (없으면 만듦)</translation>
        </message>
        <message>
            <source>the folder to write to does not exist</source>
            <translation>쓸 폴더가 없습니다</translation>
        </message>
        <message>
            <source>the header claims {n:,} bytes but the file has only {m:,}</source>
            <translation>헤더는 {n:,}바이트라고 하지만 파일은 {m:,}바이트뿐입니다</translation>
        </message>
        <message>
            <source>the header claims {size}; cnnviz reads headers up to {limit}</source>
            <translation>헤더가 {size}라고 합니다. cnnviz는 {limit}까지의 헤더를 읽습니다</translation>
        </message>
        <message>
            <source>the header is not a JSON object</source>
            <translation>헤더가 JSON 객체가 아닙니다</translation>
        </message>
        <message>
            <source>the held-out set needs a seed of its own</source>
            <translation>검증 세트에는 따로 시드가 있어야 합니다</translation>
        </message>
        <message>
            <source>the image data is damaged or cut short (truncated), so it cannot be decoded ({detail})</source>
            <translation>이미지 데이터가 손상되었거나 잘려서 해독할 수 없습니다 ({detail})</translation>
        </message>
        <message>
            <source>the image data is damaged, so it cannot be decoded ({detail})</source>
            <translation>이미지 데이터가 손상되어 해독할 수 없습니다 ({detail})</translation>
        </message>
        <message>
            <source>the image has more than the {limit} pixels cnnviz opens (a limit that protects against “decompression bombs”: small files that unpack to huge images)</source>
            <translation>이미지가 cnnviz가 여는 {limit} 픽셀보다 큽니다 (“압축 폭탄”, 즉 풀면 거대한 이미지가 되는 작은 파일을 막는 한도)</translation>
        </message>
        <message>
            <source>the image has no pixels (it is {width}×{height})</source>
            <translation>이미지에 픽셀이 없습니다 ({width}×{height})</translation>
        </message>
        <message>
            <source>the image is too large to fit in memory</source>
            <translation>이미지가 너무 커서 메모리에 들어가지 않습니다</translation>
        </message>
        <message>
            <source>the image is {width}×{height} = {pixels} pixels, more than the {limit} pixels cnnviz opens (a limit that protects against “decompression bombs”: small files that unpack to huge images)</source>
            <translation>이미지가 {width}×{height} = {pixels} 픽셀로, cnnviz가 여는 {limit} 픽셀보다 큽니다 (“압축 폭탄”, 즉 풀면 거대한 이미지가 되는 작은 파일을 막는 한도)</translation>
        </message>
        <message>
            <source>the image is {width}×{height} pixels and decoding it would take about {need}, more than the {budget} cnnviz gives one image (half the memory budget; raise it with the environment variable {variable}, e.g. {variable}=8G, or use a smaller image)</source>
            <translation>이미지가 {width}×{height} 픽셀이라 해독에 약 {need}이(가) 필요한데, cnnviz가 이미지 하나에 주는 {budget}보다 많습니다 (메모리 한도의 절반; 환경 변수 {variable}로 올리거나(예: {variable}=8G) 더 작은 이미지를 쓰세요)</translation>
        </message>
        <message>
            <source>the impulse at row {y}, column {x} is outside the {h} × {w} image</source>
            <translation>{y}행 {x}열의 임펄스가 {h} × {w} 이미지 밖에 있습니다</translation>
        </message>
        <message>
            <source>the input is not computed by the network, so there is nothing to explain; choose one of {names}</source>
            <translation>입력은 신경망이 계산한 것이 아니라 설명할 것이 없습니다. 다음 중 하나를 고르세요: {names}</translation>
        </message>
        <message>
            <source>the kernel does not fit on axis {axis}: with kernel_size {k} and dilation {d} it spans {span} pixels, but the padded input is only {padded} ({size} + {before} + {after}). {formula}. Use a smaller kernel or dilation, more padding, or a larger input.</source>
            <translation>축 {axis}에 커널이 들어가지 않습니다: kernel_size {k}, 팽창 {d}이면 {span} 픽셀에 걸치는데, 패딩한 입력은 {padded}({size} + {before} + {after})뿐입니다. {formula}. 더 작은 커널이나 팽창, 더 많은 패딩, 또는 더 큰 입력을 쓰세요.</translation>
        </message>
        <message>
            <source>the kernel edits stored in the file are not valid JSON</source>
            <translation>파일에 저장된 커널 편집이 올바른 JSON이 아닙니다</translation>
        </message>
        <message>
            <source>the kernel edits stored in the file are not valid: {reason}</source>
            <translation>파일에 저장된 커널 편집이 올바르지 않습니다: {reason}</translation>
        </message>
        <message>
            <source>the kernel must be a list of input channels, each a list of rows of numbers</source>
            <translation>커널은 입력 채널의 목록이어야 하고, 각 채널은 수의 행 목록이어야 합니다</translation>
        </message>
        <message>
            <source>the kernel's rows and channels must all be the same length</source>
            <translation>커널의 행과 채널은 모두 길이가 같아야 합니다</translation>
        </message>
        <message>
            <source>the key '{key}' appears twice</source>
            <translation>키 '{key}'이(가) 두 번 나옵니다</translation>
        </message>
        <message>
            <source>the lesson needs a [{key}] table</source>
            <translation>강의에는 [{key}] 표가 필요합니다</translation>
        </message>
        <message>
            <source>the lesson needs at least one [[question]]</source>
            <translation>강의에는 [[question]]이 하나 이상 필요합니다</translation>
        </message>
        <message>
            <source>the lesson to show (default: list them)</source>
            <translation>보여 줄 강 번호 (기본값: 목록)</translation>
        </message>
        <message>
            <source>the metadata has {count} entries (at most {limit} are accepted)</source>
            <translation>메타데이터 항목이 {count}개입니다 (최대 {limit}개까지 받음)</translation>
        </message>
        <message>
            <source>the metadata is a {kind}, not an object</source>
            <translation>메타데이터가 객체가 아니라 {kind}입니다</translation>
        </message>
        <message>
            <source>the name of the nn.Module class (default Net)</source>
            <translation>nn.Module 클래스 이름 (기본값 Net)</translation>
        </message>
        <message>
            <source>the network has {n} block(s), so no {layer}</source>
            <translation>신경망의 블록이 {n}개라서 {layer}이(가) 없습니다</translation>
        </message>
        <message>
            <source>the other {n} products add up to {s}</source>
            <translation>나머지 곱 {n}개의 합은 {s}</translation>
        </message>
        <message>
            <source>the padded input would be {padded} pixels on axis {axis} ({size} + {before} + {after}); cnnviz refuses more than {limit} per side to keep memory sane. Lower the padding or the input size.</source>
            <translation>패딩한 입력이 축 {axis}에서 {padded} 픽셀({size} + {before} + {after})이 됩니다. cnnviz는 메모리를 지키려고 한 변에 {limit}보다 많은 것은 거부합니다. 패딩이나 입력 크기를 줄이세요.</translation>
        </message>
        <message>
            <source>the settings do not make a valid network: {problem}</source>
            <translation>설정으로 올바른 신경망을 만들 수 없습니다: {problem}</translation>
        </message>
        <message>
            <source>the settings stored in the file are not valid JSON: {reason}</source>
            <translation>파일에 저장된 설정이 올바른 JSON이 아닙니다: {reason}</translation>
        </message>
        <message>
            <source>the settings stored in the file are not valid: {reason}</source>
            <translation>파일에 저장된 설정이 올바르지 않습니다: {reason}</translation>
        </message>
        <message>
            <source>the settings stored in the file describe a network cnnviz will not build: {reasons}</source>
            <translation>파일에 저장된 설정은 cnnviz가 만들지 않는 신경망을 설명합니다: {reasons}</translation>
        </message>
        <message>
            <source>the settings stored in the file nest deeper than {limit} levels</source>
            <translation>파일에 저장된 설정이 {limit}단계보다 깊게 중첩됩니다</translation>
        </message>
        <message>
            <source>the shape after each stage, channels × height × width. A ✕ marks the first layer the current settings cannot compute; the message next to it says why.</source>
            <translation>각 단계 뒤의 모양, 채널 × 높이 × 너비. ✕는 현재 설정으로 계산할 수 없는 첫 계층을 표시하며, 옆의 메시지가 이유를 말해 줍니다.</translation>
        </message>
        <message>
            <source>the stages kept for display hold {kept} ({largest})</source>
            <translation>화면에 보이려고 보관하는 단계가 {kept}을(를) 차지합니다 ({largest})</translation>
        </message>
        <message>
            <source>the temporary file is on another file system</source>
            <translation>임시 파일이 다른 파일 시스템에 있습니다</translation>
        </message>
        <message>
            <source>the tensor name '{name}' is empty, longer than {limit} characters or holds control characters</source>
            <translation>텐서 이름 '{name}'이(가) 비었거나, {limit}글자보다 길거나, 제어 문자를 담고 있습니다</translation>
        </message>
        <message>
            <source>the tensors cover {n:,} of the {m:,} bytes of data</source>
            <translation>텐서들이 데이터 {m:,}바이트 중 {n:,}바이트만 덮습니다</translation>
        </message>
        <message>
            <source>the textbook network</source>
            <translation>교과서의 신경망</translation>
        </message>
        <message>
            <source>the whole channel, padded</source>
            <translation>패딩된 채널 전체</translation>
        </message>
        <message>
            <source>the window shows step {step}</source>
            <translation>창은 {step}단계를 보여 줍니다</translation>
        </message>
        <message>
            <source>the {n} inputs times row {i} of the weights, largest products first:</source>
            <translation>입력 {n}개 × 가중치의 {i}행, 큰 곱부터:</translation>
        </message>
        <message>
            <source>the {span}-pixel window does not fit in the {padded}-pixel (padded) input on axis {axis}: {formula}. Use a smaller window, or less downsampling before this layer.</source>
            <translation>{span}픽셀 윈도가 축 {axis}의 (패딩한) {padded}픽셀 입력에 들어가지 않습니다: {formula}. 더 작은 윈도를 쓰거나, 이 계층 앞에서 덜 줄이세요.</translation>
        </message>
        <message>
            <source>there is a gap before '{name}'</source>
            <translation>'{name}' 앞에 빈틈이 있습니다</translation>
        </message>
        <message>
            <source>there is no image data (it is empty)</source>
            <translation>이미지 데이터가 없습니다 (비어 있음)</translation>
        </message>
        <message>
            <source>there is no lesson {n}; the lessons are {first} to {last}</source>
            <translation>{n}강은 없습니다. 강의는 {first}강부터 {last}강까지입니다</translation>
        </message>
        <message>
            <source>there is no stage '{stage}'; choose one of {names}</source>
            <translation>'{stage}' 단계는 없습니다. 다음 중 하나를 고르세요: {names}</translation>
        </message>
        <message>
            <source>there is no such file</source>
            <translation>그런 파일이 없습니다</translation>
        </message>
        <message>
            <source>these weights do not fit the network for this image:</source>
            <translation>이 가중치는 이 이미지의 신경망에 맞지 않습니다:</translation>
        </message>
        <message>
            <source>these weights do not fit the network:</source>
            <translation>이 가중치는 신경망에 맞지 않습니다:</translation>
        </message>
        <message>
            <source>this installation has no sample image; give one with --image</source>
            <translation>이 설치본에는 예제 이미지가 없습니다. --image로 주세요</translation>
        </message>
        <message>
            <source>this is a file, not a folder to write to</source>
            <translation>이것은 쓸 폴더가 아니라 파일입니다</translation>
        </message>
        <message>
            <source>this is a file; the images need a folder</source>
            <translation>파일입니다. 이미지는 폴더에 씁니다</translation>
        </message>
        <message>
            <source>this is a folder, not an image file</source>
            <translation>이것은 이미지 파일이 아니라 폴더입니다</translation>
        </message>
        <message>
            <source>this is a folder; name a file to write</source>
            <translation>폴더입니다. 쓸 파일 이름을 주세요</translation>
        </message>
        <message>
            <source>this is a {format} image, a format cnnviz does not open; accepted formats: {formats}</source>
            <translation>이것은 {format} 이미지로, cnnviz가 열지 않는 형식입니다. 받는 형식: {formats}</translation>
        </message>
        <message>
            <source>this is not a regular file (it is a device, pipe or socket), so it is not an image</source>
            <translation>일반 파일이 아니므로(장치, 파이프 또는 소켓) 이미지가 아닙니다</translation>
        </message>
        <message>
            <source>this is not image data ({detail})</source>
            <translation>이미지 데이터가 아닙니다 ({detail})</translation>
        </message>
        <message>
            <source>this is the input {name}: cnnviz never writes over an input</source>
            <translation>이것은 입력 {name}입니다: cnnviz는 입력을 절대 덮어쓰지 않습니다</translation>
        </message>
        <message>
            <source>this network needs {g:.1f} billion multiply-adds per image (the limit is {limit} billion); {name} alone needs {gl:.1f}. Use fewer channels, a smaller kernel or a smaller input.</source>
            <translation>이 신경망은 이미지 하나에 곱셈-덧셈 {g:.1f}십억 번이 필요합니다 (한도는 {limit}십억). {name} 하나만 {gl:.1f}십억 번입니다. 채널을 줄이거나, 더 작은 커널이나 더 작은 입력을 쓰세요.</translation>
        </message>
        <message>
            <source>this network would need about {need} of memory at its peak, more than the {limit} cnnviz allows: {detail}. Use less padding, fewer channels or a smaller input (or raise the budget with the environment variable {variable}, e.g. {variable}=4G).</source>
            <translation>이 신경망은 가장 많을 때 메모리가 약 {need} 필요해서 cnnviz가 허용하는 {limit}보다 많습니다: {detail}. 패딩이나 채널을 줄이거나 더 작은 입력을 쓰세요 (또는 환경 변수 {variable}로 한도를 올리세요. 예: {variable}=4G).</translation>
        </message>
        <message>
            <source>tiles must be shaped (C, h, w, 3), not {shape}</source>
            <translation>타일의 모양은 (C, h, w, 3)이어야 합니다. {shape}가 아닙니다</translation>
        </message>
        <message>
            <source>too many weights files beside this session</source>
            <translation>이 세션 옆에 가중치 파일이 너무 많습니다</translation>
        </message>
        <message>
            <source>top-left corner</source>
            <translation>왼쪽 위 모서리</translation>
        </message>
        <message>
            <source>top: {name} ({p:.1f} %)</source>
            <translation>1위: {name} ({p:.1f} %)</translation>
        </message>
        <message>
            <source>torch.flatten(x) also flattens the batch: {dims} = {n:,}; torch.flatten(x, 1) keeps it</source>
            <translation>torch.flatten(x)는 배치 축까지 평탄화합니다: {dims} = {n:,}. torch.flatten(x, 1)은 배치 축을 남깁니다</translation>
        </message>
        <message>
            <source>total: {params} parameters · {macs} multiply-accumulates per image</source>
            <translation>합계: 매개변수 {params}개 · 이미지당 곱셈-누산 {macs}번</translation>
        </message>
        <message>
            <source>total: {params} parameters, {macs} multiply-accumulates</source>
            <translation>합계: 매개변수 {params}개, 곱셈-누산 {macs}번</translation>
        </message>
        <message>
            <source>totals: hidden until you check your answer in the Lessons panel</source>
            <translation>합계: 학습 패널에서 답을 확인할 때까지 가려져 있음</translation>
        </message>
        <message>
            <source>train another network than the textbook's (the bundled weights use none)</source>
            <translation>교과서와 다른 신경망을 학습합니다 (함께 제공되는 가중치는 쓰지 않음)</translation>
        </message>
        <message>
            <source>train on the images as drawn (no random flips, quarter turns and shifts)</source>
            <translation>그린 이미지 그대로 학습합니다 (무작위 뒤집기, 90° 회전, 이동 없음)</translation>
        </message>
        <message>
            <source>train the textbook network on generated shapes</source>
            <translation>생성한 도형으로 교과서의 신경망을 학습합니다</translation>
        </message>
        <message>
            <source>trained</source>
            <translation>학습됨</translation>
        </message>
        <message>
            <source>trained in the window, {steps} steps</source>
            <translation>창에서 학습함, {steps}단계</translation>
        </message>
        <message>
            <source>trained in {time} ({seconds:.0f} s)</source>
            <translation>학습 시간 {time} ({seconds:.0f} s)</translation>
        </message>
        <message>
            <source>trained weights ({name}): every layer trained</source>
            <translation>학습된 가중치 ({name}): 모든 계층이 학습됨</translation>
        </message>
        <message>
            <source>trained: {trained} · random: {random} (re-initialised by the settings): the scores are not a prediction until it is retrained</source>
            <translation>학습됨: {trained} · 무작위: {random} (설정 때문에 다시 초기화됨): 다시 학습하기 전까지 점수는 예측이 아닙니다</translation>
        </message>
        <message>
            <source>training accuracy (share of each batch classified right)</source>
            <translation>학습 정확도 (배치마다 맞게 분류한 비율)</translation>
        </message>
        <message>
            <source>training images, drawn once and seen every epoch (default {n})</source>
            <translation>한 번 그려서 에포크마다 보는 학습 이미지 수 (기본값 {n})</translation>
        </message>
        <message>
            <source>training loss (cross-entropy; lower is better)</source>
            <translation>학습 손실 (교차 엔트로피, 낮을수록 좋음)</translation>
        </message>
        <message>
            <source>training step</source>
            <translation>학습 단계</translation>
        </message>
        <message>
            <source>training steps between two updates of the maps, filters and scores</source>
            <translation>특징 맵, 필터, 점수를 두 번 갱신하는 사이의 학습 단계 수</translation>
        </message>
        <message>
            <source>training the textbook network on {device} ({threads} threads): {epochs} epochs of {images} fresh images, batch {batch}, seed {seed}</source>
            <translation>{device}에서 교과서의 신경망을 학습합니다 (스레드 {threads}개): 새 이미지 {images}개씩 에포크 {epochs}번, 배치 {batch}, 시드 {seed}</translation>
        </message>
        <message>
            <source>training the textbook network on {device} ({threads} threads): {epochs} epochs over the same {images} images, batch {batch}, seed {seed}</source>
            <translation>교과서 신경망을 {device}에서 학습 ({threads} 스레드): 같은 이미지 {images}개로 {epochs} 에포크, 배치 {batch}, 시드 {seed}</translation>
        </message>
        <message>
            <source>transparent pixels composited on white</source>
            <translation>투명한 픽셀을 흰 바탕에 합성함</translation>
        </message>
        <message>
            <source>type a shape: the sizes with × or commas between them, such as 16×28×28</source>
            <translation>모양을 입력하세요: 크기 사이에 × 또는 쉼표를 넣습니다 (예: 16×28×28)</translation>
        </message>
        <message>
            <source>type a whole number, such as 1168 or 1,168</source>
            <translation>정수를 입력하세요 (예: 1168 또는 1,168)</translation>
        </message>
        <message>
            <source>undo a change of settings or kernels</source>
            <translation>설정이나 커널의 변경을 실행 취소</translation>
        </message>
        <message>
            <source>uniform random grey values, the same for the same seed</source>
            <translation>균등 분포의 무작위 회색 값, 같은 시드면 같음</translation>
        </message>
        <message>
            <source>unknown colormap '{name}'</source>
            <translation>모르는 색상표 '{name}'</translation>
        </message>
        <message>
            <source>unknown colormap {name!r}. Use a name the cmap package knows, e.g. {seq} (sequential) or {div} (diverging).</source>
            <translation>모르는 색상표 {name!r}. cmap 패키지가 아는 이름을 쓰세요. 예: {seq}(순차형), {div}(발산형).</translation>
        </message>
        <message>
            <source>unknown field(s): {names}</source>
            <translation>모르는 항목: {names}</translation>
        </message>
        <message>
            <source>unknown filter; choose one of {names}</source>
            <translation>모르는 필터입니다. 다음 중 하나를 고르세요: {names}</translation>
        </message>
        <message>
            <source>unknown normalization {mode!r}: expected channel, stage or fixed</source>
            <translation>모르는 정규화 {mode!r}: channel(채널별), stage(단계별), fixed(고정) 중 하나여야 합니다</translation>
        </message>
        <message>
            <source>unknown pattern; choose one of {names}</source>
            <translation>모르는 패턴입니다. 다음 중 하나를 고르세요: {names}</translation>
        </message>
        <message>
            <source>unknown setting '{key}'</source>
            <translation>모르는 설정 '{key}'</translation>
        </message>
        <message>
            <source>unknown setting '{key}'; {hint}</source>
            <translation>모르는 설정 '{key}'; {hint}</translation>
        </message>
        <message>
            <source>unknown stage kind {kind!r}: expected conv, relu, pool, flatten or fc</source>
            <translation>모르는 단계 종류 {kind!r}: conv, relu, pool, flatten, fc 중 하나여야 합니다</translation>
        </message>
        <message>
            <source>unknown weights format '{suffix}': cnnviz reads .safetensors and .pt/.pth</source>
            <translation>모르는 가중치 형식 '{suffix}': cnnviz는 .safetensors와 .pt/.pth를 읽습니다</translation>
        </message>
        <message>
            <source>unknown weights format '{suffix}': use .safetensors (preferred) or .pt</source>
            <translation>모르는 가중치 형식 '{suffix}': .safetensors(권장)나 .pt를 쓰세요</translation>
        </message>
        <message>
            <source>unread {axis}</source>
            <translation>읽지 않는 {axis}</translation>
        </message>
        <message>
            <source>update the window every</source>
            <translation>창 갱신 간격</translation>
        </message>
        <message>
            <source>updated in {total:.0f} ms (forward {forward:.1f} ms){fps}</source>
            <translation>{total:.0f} ms에 갱신 (순전파 {forward:.1f} ms){fps}</translation>
        </message>
        <message>
            <source>v: vertical stripes, h: horizontal</source>
            <translation>v: 세로 줄무늬, h: 가로 줄무늬</translation>
        </message>
        <message>
            <source>value drawn with the first colour</source>
            <translation>첫 색으로 그린 값</translation>
        </message>
        <message>
            <source>value drawn with the last colour</source>
            <translation>마지막 색으로 그린 값</translation>
        </message>
        <message>
            <source>weight[channel] as torch stores it. torch's conv2d is a cross-correlation: the kernel is not flipped, so its response to an impulse is the kernel turned by 180°.</source>
            <translation>torch가 저장하는 그대로의 weight[channel] (채널의 가중치). torch의 conv2d는 교차 상관입니다: 커널을 뒤집지 않으므로 임펄스에 대한 응답은 180° 돌린 커널입니다.</translation>
        </message>
        <message>
            <source>weights</source>
            <translation>가중치</translation>
        </message>
        <message>
            <source>weights + one bias per output: {formula}</source>
            <translation>가중치 + 출력마다 편향 하나: {formula}</translation>
        </message>
        <message>
            <source>weights in memory</source>
            <translation>메모리의 가중치</translation>
        </message>
        <message>
            <source>weights in training, step {step}</source>
            <translation>학습 중인 가중치, {step}단계</translation>
        </message>
        <message>
            <source>weights to use (default: the bundled textbook-shapes weights)</source>
            <translation>쓸 가중치 (기본값: 함께 제공되는 textbook-shapes 가중치)</translation>
        </message>
        <message>
            <source>weights to use: a .safetensors or .pt file, or 'seeded' for random (seeded) weights (default: the bundled trained weights)</source>
            <translation>사용할 가중치: .safetensors 또는 .pt 파일, 무작위 (시드 고정) 가중치는 'seeded' (기본값: 함께 제공되는 학습된 가중치)</translation>
        </message>
        <message>
            <source>weights: seeded default</source>
            <translation>가중치: 시드 기본값</translation>
        </message>
        <message>
            <source>weights: {name}</source>
            <translation>가중치: {name}</translation>
        </message>
        <message>
            <source>weights: {origin}</source>
            <translation>가중치: {origin}</translation>
        </message>
        <message>
            <source>what the network sees</source>
            <translation>신경망 입력</translation>
        </message>
        <message>
            <source>where to write the weights (.safetensors or .pt)</source>
            <translation>가중치를 쓸 곳 (.safetensors 또는 .pt)</translation>
        </message>
        <message>
            <source>where {x} is {conv} at the same cell:</source>
            <translation>여기서 {x}는 같은 칸의 {conv}입니다:</translation>
        </message>
        <message>
            <source>window</source>
            <translation>윈도</translation>
        </message>
        <message>
            <source>window updated</source>
            <translation>창 갱신</translation>
        </message>
        <message>
            <source>with --pattern, --kernel or --compare the output is one PNG: name it *.png</source>
            <translation>--pattern, --kernel, --compare를 쓰면 출력은 PNG 하나입니다: 이름을 *.png로 하세요</translation>
        </message>
        <message>
            <source>with fit 'native' the image is the input, and this one is {w} × {h} pixels; cnnviz feeds at most {limit} pixels per side. Choose another fit (crop, fit or stretch) or a smaller image.</source>
            <translation>맞춤 'native'에서는 이미지가 그대로 입력인데, 이 이미지는 {w} × {h} 픽셀입니다. cnnviz는 한 변에 {limit} 픽셀까지만 넣습니다. 다른 맞춤(crop, fit, stretch)이나 더 작은 이미지를 고르세요.</translation>
        </message>
        <message>
            <source>with the batch axis (N = {n}):</source>
            <translation>배치 축과 함께 (N = {n}):</translation>
        </message>
        <message>
            <source>write a contact sheet of every stage for an image or a folder</source>
            <translation>이미지나 폴더에 대해 모든 단계의 밀착 인화지(contact sheet)를 씁니다</translation>
        </message>
        <message>
            <source>write generated images of the ten shape classes to a folder</source>
            <translation>도형 클래스 열 가지의 생성 이미지를 폴더에 씁니다</translation>
        </message>
        <message>
            <source>write the image's path relative to the lesson's folder, not '{name}'</source>
            <translation>이미지 경로는 '{name}'이(가) 아니라 학습 파일 폴더 기준의 상대 경로로 쓰세요</translation>
        </message>
        <message>
            <source>wrote {count} images ({per} per class, seed {seed}) to {where} in {seconds:.1f} s</source>
            <translation>이미지 {count}개 (클래스마다 {per}개, 시드 {seed})를 {seconds:.1f} s 동안 {where}에 썼습니다</translation>
        </message>
        <message>
            <source>wrote {path}</source>
            <translation>{path}을(를) 썼습니다</translation>
        </message>
        <message>
            <source>x has shape {shape}</source>
            <translation>x의 모양은 {shape}</translation>
        </message>
        <message>
            <source>you do not have permission to read this file</source>
            <translation>이 파일을 읽을 권한이 없습니다</translation>
        </message>
        <message>
            <source>zoom the maps in / out / back to 100 %</source>
            <translation>맵 확대 / 축소 / 100 %로</translation>
        </message>
        <message>
            <source>{axis} {a}–{b} are never read (floor() drops them)</source>
            <translation>{axis} {a}–{b}은(는) 읽히지 않습니다 (floor()가 버립니다)</translation>
        </message>
        <message>
            <source>{count} NaN or infinite values replaced (NaN and −inf by the lowest value, +inf by the highest)</source>
            <translation>NaN이나 무한대 값 {count}개를 바꿈 (NaN과 −inf는 가장 작은 값으로, +inf는 가장 큰 값으로)</translation>
        </message>
        <message>
            <source>{count} images of {height}×{width} would need {gib:.1f} GiB of memory (at most {limit:.0f} GiB); draw fewer images per epoch or fresh images every epoch</source>
            <translation>{height}×{width} 이미지 {count}개에는 메모리 {gib:.1f} GiB가 필요합니다 (최대 {limit:.0f} GiB). 에포크당 이미지를 줄이거나 에포크마다 새 이미지를 그리세요</translation>
        </message>
        <message>
            <source>{count} of these images already exist (e.g. {example}); use --overwrite to replace them</source>
            <translation>이 이미지 중 {count}개가 이미 있습니다 (예: {example}). 덮어쓰려면 --overwrite를 쓰세요</translation>
        </message>
        <message>
            <source>{c} channels, one per filter</source>
            <translation>채널 {c}개, 필터마다 하나</translation>
        </message>
        <message>
            <source>{c} channels, pooled one by one</source>
            <translation>채널 {c}개, 하나씩 풀링</translation>
        </message>
        <message>
            <source>{device} failed ({reason}); switched to the CPU</source>
            <translation>{device} 실패 ({reason}). CPU로 바꿨습니다</translation>
        </message>
        <message>
            <source>{layer} ({n} edited)</source>
            <translation>{layer} ({n}개 편집됨)</translation>
        </message>
        <message>
            <source>{layer} filter {o}, weights on input channel {c}:</source>
            <translation>{layer} 필터 {o}, 입력 채널 {c}의 가중치:</translation>
        </message>
        <message>
            <source>{layer} filter {o}, {colour} weights:</source>
            <translation>{layer} 필터 {o}, {colour} 가중치:</translation>
        </message>
        <message>
            <source>{layer} has {n} output channels (0 to {last})</source>
            <translation>{layer}의 출력 채널은 {n}개입니다 (0부터 {last}까지)</translation>
        </message>
        <message>
            <source>{layer} reads {prev} ({h} × {w}) padded by {top} row(s) on top, {bottom} below, {left} column(s) left, {right} right, with {fill}.</source>
            <translation>{layer}는 {prev} ({h} × {w})를 위 {top}행, 아래 {bottom}행, 왼쪽 {left}열, 오른쪽 {right}열만큼 {fill}(으)로 패딩해 읽습니다.</translation>
        </message>
        <message>
            <source>{layer} · output channel {channel}: {n} input channel(s) × {h}×{w}{edited}</source>
            <translation>{layer} · 출력 채널 {channel}: 입력 채널 {n}개 × {h}×{w}{edited}</translation>
        </message>
        <message>
            <source>{layer}: random weights (seeded)</source>
            <translation>{layer}: 무작위 가중치 (시드 고정)</translation>
        </message>
        <message>
            <source>{layer}: random weights: re-initialised, the trained ones ({name}) do not fit its shape</source>
            <translation>{layer}: 무작위 가중치: 학습된 가중치({name})가 모양에 맞지 않아 다시 초기화함</translation>
        </message>
        <message>
            <source>{layer}: trained weights ({name})</source>
            <translation>{layer}: 학습된 가중치 ({name})</translation>
        </message>
        <message>
            <source>{layer}: {n} filters of {shape}, {origin} weights; {kind}, beside the map it produced. Grey is 0, full colour ±{m:.3g}. Hover a filter for its numbers.</source>
            <translation>{layer}: {shape} 필터 {n}개, {origin} 가중치. {kind}, 그 필터가 만든 특징 맵 옆에. 회색은 0, 가장 진한 색은 ±{m:.3g}. 필터 위에 마우스를 올리면 숫자가 보입니다.</translation>
        </message>
        <message>
            <source>{method} on {stage} (the last conv stage)</source>
            <translation>{stage}의 {method} (마지막 합성곱(conv) 단계)</translation>
        </message>
        <message>
            <source>{missing} has no {name} ({present}: {shape}): no pixel-wise difference</source>
            <translation>{missing}에는 {name}이(가) 없습니다 ({present}: {shape}): 픽셀별 차이 없음</translation>
        </message>
        <message>
            <source>{n_in} inputs × {n_out} outputs + {n_out} = {dense} parameters, {ratio} times the {params} of the convolution</source>
            <translation>입력 {n_in}개 × 출력 {n_out}개 + {n_out} = 매개변수 {dense}개, 합성곱의 {params}개의 {ratio}배</translation>
        </message>
        <message>
            <source>{name} (bundled, trained)</source>
            <translation>{name} (함께 제공, 학습됨)</translation>
        </message>
        <message>
            <source>{name} (trained)</source>
            <translation>{name} (학습됨)</translation>
        </message>
        <message>
            <source>{name} has no argument '{key}'; it takes {keys}</source>
            <translation>{name}에는 인자 '{key}'이(가) 없습니다. 받는 인자: {keys}</translation>
        </message>
        <message>
            <source>{name} is defined as a {fh}×{fw} kernel only; this layer's kernel is {h}×{w}</source>
            <translation>{name}은(는) {fh}×{fw} 커널로만 정의됩니다. 이 계층의 커널은 {h}×{w}입니다</translation>
        </message>
        <message>
            <source>{name} is not available here; using the CPU</source>
            <translation>여기서는 {name}을(를) 쓸 수 없어 CPU를 씁니다</translation>
        </message>
        <message>
            <source>{name} needs an odd kernel size (a centre pixel); this layer's kernel is {h}×{w}</source>
            <translation>{name}에는 홀수 커널 크기(가운데 픽셀)가 필요합니다. 이 계층의 커널은 {h}×{w}입니다</translation>
        </message>
        <message>
            <source>{name} — cnnviz</source>
            <translation>{name} — cnnviz</translation>
        </message>
        <message>
            <source>{name} — cnnviz comparison</source>
            <translation>{name} — cnnviz 비교</translation>
        </message>
        <message>
            <source>{name}'s output {shape} would hold {mb:,} MB (the limit is {limit} MB per tensor). Use fewer channels, a larger stride or a smaller input.</source>
            <translation>{name}의 출력 {shape}이(가) {mb:,} MB가 됩니다 (텐서 하나의 한도는 {limit} MB). 채널을 줄이거나, 더 큰 간격이나 더 작은 입력을 쓰세요.</translation>
        </message>
        <message>
            <source>{name}'s weights would hold {mb:,} MB: use fewer channels, a smaller kernel or more groups.</source>
            <translation>{name}의 가중치가 {mb:,} MB가 됩니다: 채널을 줄이거나, 더 작은 커널이나 더 많은 그룹을 쓰세요.</translation>
        </message>
        <message>
            <source>{name}: A and B are equal here (B − A is 0 everywhere)</source>
            <translation>{name}: 여기서 A와 B가 같습니다 (B − A가 모든 곳에서 0)</translation>
        </message>
        <message>
            <source>{name}: in the file, but this network has no such parameter</source>
            <translation>{name}: 파일에는 있지만 이 신경망에는 그런 매개변수가 없습니다</translation>
        </message>
        <message>
            <source>{name}: missing from the file (was it saved with {layer}.bias=false?)</source>
            <translation>{name}: 파일에 없습니다 ({layer}.bias=false로 저장했나요?)</translation>
        </message>
        <message>
            <source>{name}: missing from the file; this network has {layer}</source>
            <translation>{name}: 파일에 없습니다. 이 신경망에는 {layer}이(가) 있습니다</translation>
        </message>
        <message>
            <source>{name}: the file has {got}, this network needs {want}</source>
            <translation>{name}: 파일에는 {got}, 이 신경망에는 {want}이(가) 필요합니다</translation>
        </message>
        <message>
            <source>{name}: {shape} in both; largest |B − A| = {d:.4g}</source>
            <translation>{name}: 둘 다 {shape}; 가장 큰 |B − A| = {d:.4g}</translation>
        </message>
        <message>
            <source>{name}: {w}×{h} image, {fit} to {iw}×{ih} (width × height)</source>
            <translation>{name}: {w}×{h} 이미지, {iw}×{ih}(으)로 {fit} (너비 × 높이)</translation>
        </message>
        <message>
            <source>{n} .npz not written</source>
            <translation>.npz {n}개를 쓰지 않음</translation>
        </message>
        <message>
            <source>{n} MACs</source>
            <translation>MAC {n}번</translation>
        </message>
        <message>
            <source>{n} cell(s) lie past the padding: ceil_mode's partial last window</source>
            <translation>칸 {n}개가 패딩 너머에 있습니다: ceil_mode의 부분 마지막 윈도</translation>
        </message>
        <message>
            <source>{n} earlier sheet(s) skipped</source>
            <translation>이전 인화지 {n}개를 건너뜀</translation>
        </message>
        <message>
            <source>{n} failed</source>
            <translation>{n}개 실패</translation>
        </message>
        <message>
            <source>{n} file(s) skipped, not images by their suffix</source>
            <translation>확장자로 보아 이미지가 아닌 파일 {n}개를 건너뜀</translation>
        </message>
        <message>
            <source>{n} files were given; cnnviz shows one image at a time and opened {name}.</source>
            <translation>파일 {n}개를 받았습니다. cnnviz는 한 번에 이미지 하나를 보여 주므로 {name}을(를) 열었습니다.</translation>
        </message>
        <message>
            <source>{n} filters ({layer}.out_channels={n})</source>
            <translation>필터 {n}개 ({layer}.out_channels={n})</translation>
        </message>
        <message>
            <source>{n} input channels per group</source>
            <translation>그룹마다 입력 채널 {n}개</translation>
        </message>
        <message>
            <source>{n} more settings</source>
            <translation>설정 {n}개 더</translation>
        </message>
        <message>
            <source>{n} parameters</source>
            <translation>매개변수 {n}개</translation>
        </message>
        <message>
            <source>{n} real cells (count_include_pad is off)</source>
            <translation>실제 칸 {n}개 (count_include_pad 꺼짐)</translation>
        </message>
        <message>
            <source>{n} settings</source>
            <translation>설정 {n}개</translation>
        </message>
        <message>
            <source>{n} {axis} between windows are skipped</source>
            <translation>윈도 사이의 {axis} {n}개를 건너뜁니다</translation>
        </message>
        <message>
            <source>{prefix}: {n} updates ({checked} checked), {bad} mismatches, {errors} errors, RSS {rss:.0f} MB</source>
            <translation>{prefix}: 갱신 {n}번 ({checked}번 확인), 불일치 {bad}개, 오류 {errors}개, RSS {rss:.0f} MB</translation>
        </message>
        <message>
            <source>{problem} (see '{prog} --help')</source>
            <translation>{problem} ('{prog} --help' 참고)</translation>
        </message>
        <message>
            <source>{rows} row(s) and {cols} column(s) of it lie in the padding (dashed sides)</source>
            <translation>그중 {rows}행과 {cols}열은 패딩에 있습니다 (점선 변)</translation>
        </message>
        <message>
            <source>{sentence} (random, seeded, instead)</source>
            <translation>{sentence} (대신 무작위, 시드 고정)</translation>
        </message>
        <message>
            <source>{shape} · colormap {cmap} · {range}</source>
            <translation>{shape} · 색상표 {cmap} · {range}</translation>
        </message>
        <message>
            <source>{size} is too small a memory budget; use at least 64M</source>
            <translation>{size}은(는) 메모리 한도로 너무 작습니다. 64M 이상을 쓰세요</translation>
        </message>
        <message>
            <source>{stage} = max(0, {x}) = {v}{dead}</source>
            <translation>{stage} = max(0, {x}) = {v}{dead}</translation>
        </message>
        <message>
            <source>{stage} channel {c}, row {r}, column {col} = {v}</source>
            <translation>{stage} 채널 {c}, {r}행, {col}열 = {v}</translation>
        </message>
        <message>
            <source>{stage} has no weights to learn: 0 parameters</source>
            <translation>{stage}에는 학습할 가중치가 없습니다: 매개변수 0개</translation>
        </message>
        <message>
            <source>{stage} is a map: give a row and a column</source>
            <translation>{stage}은(는) 맵입니다: 행과 열을 주세요</translation>
        </message>
        <message>
            <source>{stage} is a vector of {n} values: give only an index, not a row and column</source>
            <translation>{stage}은(는) 값 {n}개의 벡터입니다: 행과 열이 아니라 인덱스만 주세요</translation>
        </message>
        <message>
            <source>{stage} keeps the shape of what it receives: {shape}</source>
            <translation>{stage}는 받은 입력의 모양을 그대로 유지합니다: {shape}</translation>
        </message>
        <message>
            <source>{stage} pads its {shape} input to {padded_shape} ({size}) in {mode} mode</source>
            <translation>{stage}는 {shape} 입력을 {mode} 모드로 {padded_shape}({size})까지 패딩합니다</translation>
        </message>
        <message>
            <source>{stage} · channel {ch}</source>
            <translation>{stage} · 채널 {ch}</translation>
        </message>
        <message>
            <source>{stage} · channel {ch} · row {row}, col {col} · value {value:.5g}</source>
            <translation>{stage} · 채널 {ch} · {row}행, {col}열 · 값 {value:.5g}</translation>
        </message>
        <message>
            <source>{stage} · index {index} · value {value:.5g}</source>
            <translation>{stage} · 인덱스 {index} · 값 {value:.5g}</translation>
        </message>
        <message>
            <source>{stage}'s output {shape} holds {size}</source>
            <translation>{stage}의 출력 {shape}은(는) {size}을(를) 차지합니다</translation>
        </message>
        <message>
            <source>{stage}'s {count} weights hold {size}</source>
            <translation>{stage}의 가중치 {count}개는 {size}을(를) 차지합니다</translation>
        </message>
        <message>
            <source>{stage}: all values</source>
            <translation>{stage}: 모든 값</translation>
        </message>
        <message>
            <source>{stage}[{ch}, {row}, {col}] = {value:.6g}</source>
            <translation>{stage}[{ch}, {row}, {col}] = {value:.6g}</translation>
        </message>
        <message>
            <source>{stage}[{i}] = {v}</source>
            <translation>{stage}[{i}] = {v}</translation>
        </message>
        <message>
            <source>{stage}{where} = {value:.6g}</source>
            <translation>{stage}{where} = {value:.6g}</translation>
        </message>
        <message>
            <source>{time} left</source>
            <translation>남은 시간 {time}</translation>
        </message>
        <message>
            <source>{type} pooling window on {prev} rows {rows}, columns {cols} ([x] = padding)</source>
            <translation>{prev}의 {rows}행, {cols}열 위의 {type} 풀링 윈도 ([x] = 패딩)</translation>
        </message>
        <message>
            <source>{url} is a web address; cnnviz opens files. Save the image first, then drop the file.</source>
            <translation>{url}은(는) 웹 주소입니다. cnnviz는 파일을 엽니다. 먼저 이미지를 저장한 뒤 파일을 끌어 놓으세요.</translation>
        </message>
        <message>
            <source>{value} is out of range: {name} must be from {lo} to {hi}</source>
            <translation>{value}은(는) 범위를 벗어납니다: {name}은(는) {lo}에서 {hi}까지여야 합니다</translation>
        </message>
        <message>
            <source>{value} is out of range: {what} must be from {lo} to {hi}</source>
            <translation>{value}은(는) 범위를 벗어납니다: {what}은(는) {lo}에서 {hi}까지여야 합니다</translation>
        </message>
        <message>
            <source>{what} is {value!r}, not a whole number ≥ 0</source>
            <translation>{what}이(가) {value!r}입니다. 0 이상의 정수가 아닙니다</translation>
        </message>
        <message>
            <source>{what} {value} is outside {stage} ({shape}): use 0 to {last}</source>
            <translation>{what} {value}은(는) {stage}({shape}) 밖입니다: 0에서 {last}까지를 쓰세요</translation>
        </message>
        <message>
            <source>{where}: the edit is a {edit} kernel, {layer}'s is {now} now</source>
            <translation>{where}: 편집은 {edit} 커널인데, {layer}의 커널은 지금 {now}입니다</translation>
        </message>
        <message>
            <source>{where}: the network has no {layer} now</source>
            <translation>{where}: 신경망에 지금 {layer}이(가) 없습니다</translation>
        </message>
        <message>
            <source>{where}: {layer} has {n} output channels now</source>
            <translation>{where}: {layer}의 출력 채널은 지금 {n}개입니다</translation>
        </message>
        <message>
            <source>· class probabilities (softmax of {n} logits) · top: {top}</source>
            <translation>· 클래스 확률 (로짓 {n}개의 softmax) · 1위: {top}</translation>
        </message>
        <message>
            <source>· {shape} · the tensor fed to the network</source>
            <translation>· {shape} · 신경망에 넣는 텐서</translation>
        </message>
        <message>
            <source>· {src} flattened to a vector of {n:,} values (not drawn)</source>
            <translation>· {src}을(를) 값 {n:,}개의 벡터로 평탄화 (그리지 않음)</translation>
        </message>
        <message>
            <source>· {words} ({sign})</source>
            <translation>· {words} ({sign})</translation>
        </message>
        <message>
            <source>… and {n} more files that already exist (--overwrite replaces them)</source>
            <translation>… 그리고 이미 있는 파일 {n}개 더 (--overwrite로 바꿉니다)</translation>
        </message>
        <message>
            <source>← / → (enlarged view)</source>
            <translation>← / → (확대 보기)</translation>
        </message>
        <message>
            <source>← Previous</source>
            <translation>← 이전</translation>
        </message>
        <message>
            <source>−max</source>
            <translation>−최대</translation>
        </message>
        <message>
            <source>−∞ (max pooling never picks it)</source>
            <translation>−∞ (최댓값 풀링은 절대 고르지 않음)</translation>
        </message>
    </context>
</TS>
