// The first notebook: the lecture's own experiment (MNIST 784-32-32-10, ReLU,
// Linear -> BN -> ReLU against the same network without BN) with the ideas it rests on, then a
// playground. Text in English and Korean; the facts come from the course notes in
// /work/shared/seeds, the sentences are written here.

import { defaultSettings } from '../src/settings/settings_table.js';

const lecturePreset = defaultSettings();  // the table's defaults are this experiment

const playgroundPreset = {
  ...defaultSettings(),
  dataset: 'spirals',
  trainSamples: 700,
  validationSamples: 100,
  testSamples: 200,
  noise: 0.1,
  classes: 2,
  preprocessing: 'standardize',
  hiddenLayers: [64, 64, 64],
  activation: 'sigmoid',
  initScheme: 'xavier_normal',
  learningRate: 0.5,
  batchSize: 32,
  steps: 3000,
  seed: 7,
};

const introduction = {
  en: String.raw`
# What Batch Normalization changes

This notebook trains two small networks in your browser, side by side: one with Batch
Normalization (BN), one without. Both start from the **same initial weights** and see the
**same mini-batches in the same order**, so whatever differs between their curves comes from BN
alone.

Each experiment cell has **Run**, **Pause**, **Step once** and **Stop** buttons, and its
settings open under *Settings*. The curves grow while the networks learn; when both runs end, a
table compares them. Every change you make is kept in the page's address, so a link reopens
exactly that experiment.
`,
  ko: String.raw`
# 배치 정규화가 바꾸는 것

이 노트북은 브라우저 안에서 작은 신경망 두 개를 나란히 학습시킵니다. 하나는 배치 정규화(Batch
Normalization, BN)를 쓰고 하나는 쓰지 않습니다. 두 신경망은 **같은 초기 가중치**에서 출발하고
**같은 미니배치를 같은 순서로** 받으므로, 두 곡선의 차이는 오로지 BN에서 나옵니다.

실험 셀마다 **실행**, **일시정지**, **한 스텝**, **중지** 버튼이 있고, 설정은 *설정*을 열면 나옵니다.
학습하는 동안 곡선이 자라고, 두 실행이 모두 끝나면 표로 비교합니다. 바꾼 설정은 모두 페이지 주소에
남으므로 링크를 공유하면 똑같은 실험이 열립니다.
`,
};

const vocabulary = {
  en: String.raw`
## The words of a training run

- A **mini-batch** is the handful of samples behind one update of the weights; the **batch
  size** is how many there are.
- One **step** (an *iteration*) is: take a mini-batch → compute the gradient of the loss →
  move the weights a little against it. Training repeats this.
- An **epoch** is one pass over the whole training set: 1 000 samples in batches of 10 take
  100 steps per epoch.
- The data is split three ways: the **training** set updates the weights, the **validation**
  set watches progress during training, and the **test** set is kept apart for the final verdict.
- Weights, biases and BN's $\gamma$, $\beta$ are **parameters** (learned); batch size, learning
  rate and the number of steps are **hyper-parameters** (chosen by you).

In the experiment below, 7 004 training images in batches of 64 make 110 steps per epoch, so
550 steps are five epochs.
`,
  ko: String.raw`
## 학습에 쓰는 말

- **미니배치**는 가중치를 한 번 갱신할 때 쓰는 샘플 묶음이고, **배치 크기**는 그 묶음에 든 샘플 수입니다.
- **스텝**(*iteration*) 한 번은 미니배치를 가져와 → 손실의 기울기를 구하고 → 그 반대 방향으로
  가중치를 조금 옮기는 일입니다. 학습은 이것을 되풀이합니다.
- **에폭**은 학습 데이터 전체를 한 바퀴 도는 것입니다. 샘플 1 000개를 배치 크기 10으로 나누면 한
  에폭은 100 스텝입니다.
- 데이터는 셋으로 나눕니다. **학습** 데이터로 가중치를 고치고, **검증** 데이터로 학습 중의 진행을
  지켜보며, **테스트** 데이터는 마지막 판정을 위해 따로 둡니다.
- 가중치, 편향, BN의 $\gamma$, $\beta$는 학습으로 정해지는 **파라미터**이고, 배치 크기, 학습률,
  스텝 수는 사람이 정하는 **하이퍼파라미터**입니다.

아래 실험에서는 학습 이미지 7 004장을 64장씩 나누므로 한 에폭이 110 스텝이고, 550 스텝은 다섯 에폭입니다.
`,
};

const algorithm = {
  en: String.raw`
## What BN does to one mini-batch

Take one unit of a hidden layer and its values $z_1, \dots, z_m$ over a mini-batch of $m$
samples. BN first normalizes them with the mini-batch's own mean and (biased) variance:

$$\mu_B = \frac{1}{m}\sum_{i=1}^{m} z_i \qquad \sigma_B^2 = \frac{1}{m}\sum_{i=1}^{m}(z_i - \mu_B)^2 \qquad \hat z_i = \frac{z_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}$$

then scales and shifts them with two parameters of its own, learned by back-propagation like
any weight:

$$y_i = \gamma\,\hat z_i + \beta$$

Every unit (feature) has its own $\gamma$ and $\beta$; in a convolution, every channel. If the
network is better off without the normalization, it can learn $\gamma = \sqrt{\sigma^2}$ and
$\beta = \mu$ and undo it. Here BN works on $z = Wx$, before the ReLU, as in the original paper.
The bias $b$ of that layer would be cancelled by subtracting the mean, so it is left out and
$\beta$ takes its place; the network without BN keeps its biases.

Why bother? While the first layer learns, the distribution of the second layer's inputs keeps
moving (*internal covariate shift*), and deeper layers see it move more. BN keeps each layer's
inputs near mean 0 and variance 1, whatever the layers before it do.
`,
  ko: String.raw`
## BN이 미니배치 하나에 하는 일

은닉층의 유닛 하나를 골라, 샘플 $m$개짜리 미니배치에서 그 유닛이 낸 값 $z_1, \dots, z_m$을
봅시다. BN은 먼저 이 미니배치의 평균과 (편향) 분산으로 값을 정규화합니다.

$$\mu_B = \frac{1}{m}\sum_{i=1}^{m} z_i \qquad \sigma_B^2 = \frac{1}{m}\sum_{i=1}^{m}(z_i - \mu_B)^2 \qquad \hat z_i = \frac{z_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}$$

그다음 자기만의 파라미터 두 개로 크기를 바꾸고 위치를 옮깁니다. 이 두 값도 다른 가중치처럼
역전파로 학습합니다.

$$y_i = \gamma\,\hat z_i + \beta$$

$\gamma$와 $\beta$는 유닛(특성)마다 따로 있고, 합성곱에서는 채널마다 따로 있습니다. 정규화가
오히려 해롭다면 신경망은 $\gamma = \sqrt{\sigma^2}$, $\beta = \mu$를 배워 정규화를 되돌릴 수
있습니다. 여기서는 원래 논문처럼 ReLU 앞의 $z = Wx$에 BN을 둡니다. 그 층의 편향 $b$는 평균을 빼는
순간 사라지므로 빼 두고, 그 역할은 $\beta$가 맡습니다. BN이 없는 신경망은 편향을 그대로 씁니다.

왜 이렇게 할까요? 첫 층이 학습하는 동안 둘째 층이 받는 입력의 분포는 계속 움직이고(*내부 공변량
변화*, internal covariate shift), 깊은 층일수록 더 크게 움직입니다. BN은 앞쪽 층이 무엇을 하든
각 층의 입력을 평균 0, 분산 1 가까이에 붙잡아 둡니다.
`,
};

const evaluationMode = {
  en: String.raw`
## Training mode and evaluation mode

While training, BN normalizes with the statistics of the current mini-batch and also keeps
running estimates for later (PyTorch's convention: momentum 0.1, and the unbiased variance in
the estimate):

$$\mu_{\text{run}} \leftarrow 0.9\,\mu_{\text{run}} + 0.1\,\mu_B \qquad \sigma^2_{\text{run}} \leftarrow 0.9\,\sigma^2_{\text{run}} + 0.1\,\frac{m}{m-1}\,\sigma_B^2$$

In evaluation mode — ${'`'}model.eval()${'`'} in the lecture's code — BN uses these running estimates
instead of the batch's, so a prediction no longer depends on which other samples share its
batch. Each unit then applies one fixed affine map:

$$y = \frac{\gamma}{\sqrt{\sigma^2_{\text{run}} + \epsilon}}\,x + \left(\beta - \frac{\gamma\,\mu_{\text{run}}}{\sqrt{\sigma^2_{\text{run}} + \epsilon}}\right)$$

Every number in the table and on the evaluation curve above is computed this way. Evaluating in
training mode instead, with batch statistics at test time, is a classic bug: with a batch of
one sample every normalized value is 0.
`,
  ko: String.raw`
## 학습 모드와 평가 모드

학습하는 동안 BN은 지금 미니배치의 통계로 정규화하면서, 나중에 쓸 이동 평균도 함께 기록합니다
(PyTorch의 규칙: 모멘텀 0.1, 이동 분산에는 불편 분산 사용).

$$\mu_{\text{run}} \leftarrow 0.9\,\mu_{\text{run}} + 0.1\,\mu_B \qquad \sigma^2_{\text{run}} \leftarrow 0.9\,\sigma^2_{\text{run}} + 0.1\,\frac{m}{m-1}\,\sigma_B^2$$

평가 모드(강의 코드의 ${'`'}model.eval()${'`'})에서는 배치의 통계 대신 이 이동 평균을 쓰므로, 어떤
샘플과 같은 배치에 들어갔는지에 따라 예측이 달라지지 않습니다. 그러면 유닛마다 고정된 일차
변환 하나가 됩니다.

$$y = \frac{\gamma}{\sqrt{\sigma^2_{\text{run}} + \epsilon}}\,x + \left(\beta - \frac{\gamma\,\mu_{\text{run}}}{\sqrt{\sigma^2_{\text{run}} + \epsilon}}\right)$$

위의 표와 평가 곡선의 숫자는 모두 이렇게 계산한 것입니다. 반대로 테스트할 때 학습 모드로, 즉
배치 통계로 평가하는 것은 흔한 실수입니다. 샘플이 하나뿐인 배치라면 정규화한 값이 모두 0이 됩니다.
`,
};

const experimentsToTry = {
  en: String.raw`
## Try it yourself

Change one thing at a time, in the lecture's cell or in the playground below, and run again:

- **A higher learning rate.** Try 1: the network with BN still learns, the plain one falls
  apart. In the playground, ReLU with learning rate 3 makes the plain network diverge outright.
- **The initial weight scale.** Choose *normal, chosen scale* with a standard deviation of 1,
  then 0.01. The plain network barely learns at either; with BN it depends far less on the scale.
- **A deep sigmoid network.** Choose sigmoid and four hidden layers of 32. The sigmoid's slope
  is at most 1/4, so without BN the gradient shrinks layer after layer; with BN the network
  still learns.
- **Placement.** Put BN after the activation instead of before it, as some tutorials do.
- **Small batches.** With a batch size of 4, BN's statistics get noisy.
`,
  ko: String.raw`
## 직접 해 보기

강의 실험 셀이나 아래 놀이터에서 한 번에 하나씩만 바꾸고 다시 실행해 보세요.

- **더 큰 학습률.** 1을 넣어 보세요. BN이 있는 신경망은 여전히 학습하지만 BN 없는 신경망은
  무너집니다. 놀이터에서 ReLU에 학습률 3을 주면 BN 없는 신경망은 아예 발산합니다.
- **초기 가중치의 크기.** *정규분포, 크기 지정*을 고르고 표준편차를 1, 그다음 0.01로 해 보세요.
  BN 없는 신경망은 두 경우 모두 거의 학습하지 못하고, BN이 있으면 초기화 크기에 훨씬 덜 좌우됩니다.
- **깊은 시그모이드 신경망.** 시그모이드와 32 유닛 은닉층 네 개를 골라 보세요. 시그모이드의 기울기는
  많아야 1/4이라 BN이 없으면 층을 지날 때마다 기울기가 줄어들지만(기울기 소실), BN이 있으면 여전히
  학습합니다.
- **위치.** 일부 튜토리얼처럼 BN을 활성 함수 앞이 아니라 뒤에 두어 보세요.
- **작은 배치.** 배치 크기가 4이면 BN이 쓰는 통계가 흔들립니다.
`,
};

export const lectureNotebook = Object.freeze({
  title: { en: 'bnlab — what Batch Normalization changes', ko: 'bnlab — 배치 정규화가 바꾸는 것' },
  subtitle: {
    en: 'Train in your browser, with and without BN, from the same starting weights.',
    ko: '같은 초기 가중치에서, BN을 쓰고 안 쓰고 브라우저에서 바로 학습해 봅니다.',
  },
  cells: [
    { type: 'markdown', text: introduction },
    { type: 'markdown', text: vocabulary },
    { type: 'markdown', text: algorithm },
    {
      type: 'experiment',
      id: 'lecture',
      preset: lecturePreset,
      warm: true,
      text: {
        en: {
          title: 'The lecture’s experiment: MNIST, 784-32-32-10, ReLU',
          description: 'Linear → BN → ReLU against the same network without BN, on the same mini-batches. Both are evaluated in eval mode on the training, validation and test sets. Press Run.',
        },
        ko: {
          title: '강의의 실험: MNIST, 784-32-32-10, ReLU',
          description: 'Linear → BN → ReLU 신경망과, 같은 미니배치로 학습하는 BN 없는 신경망을 비교합니다. 둘 다 평가 모드로 학습·검증·테스트 데이터에서 평가합니다. 실행을 누르세요.',
        },
      },
    },
    { type: 'markdown', text: evaluationMode },
    { type: 'markdown', text: experimentsToTry },
    {
      type: 'experiment',
      id: 'playground',
      preset: playgroundPreset,
      settingsOpen: true,
      text: {
        en: {
          title: 'Playground',
          description: 'Every setting is yours. It starts as a deep sigmoid network on the two-spirals set, which trains in seconds.',
        },
        ko: {
          title: '놀이터',
          description: '모든 설정을 마음대로 바꿀 수 있습니다. 처음에는 두 나선 데이터에서 깊은 시그모이드 신경망을 학습하며, 몇 초면 끝납니다.',
        },
      },
    },
  ],
});
