#pragma once
// Seeded toy datasets for the lessons. Each generator draws from its own stream,
// Rng::for_purpose(seed, "data.<name>"), so the same seed gives the same points natively and
// in WebAssembly, and changing one generator never shifts another's numbers.
//
//   Dataset spirals = make_spirals(/*samples=*/300, /*classes=*/3, /*noise=*/0.2, /*seed=*/7);
//   // spirals.inputs is (300, 2), spirals.labels[i] == i % 3
//
// Conventions shared by the classification generators:
// - sample i belongs to class i % classes (except xor, whose label follows the point), so
//   classes are balanced to within one sample and every prefix of the data is mixed — a split
//   without shuffling still sees every class;
// - `noise` is a standard deviation, >= 0 and finite; what it perturbs is documented per
//   generator.
// Every argument is checked; a bad one throws bnlab::DataError naming the generator and field
// ("spirals: classes must be at least 2, got 1").

#include <cstddef>
#include <cstdint>

#include "data/dataset.hpp"

namespace bnlab {

// Limits the engine enforces on its own (the experiment parser checks ranges too).
constexpr std::size_t max_generated_samples = 10'000'000;
constexpr std::size_t max_spiral_classes = 10;
constexpr std::size_t max_blob_classes = 100;
constexpr std::size_t max_blob_features = 1'000;
constexpr std::size_t max_generated_values = 100'000'000;  // samples × features, for blobs
constexpr std::size_t max_stripe_classes = 4;
constexpr std::size_t min_stripe_size = 4;
constexpr std::size_t max_stripe_size = 64;

// K interleaved spiral arms in 2-D, after the CS231n spiral: within class j the k-th of its n
// points has t = k/(n−1) in [0, 1] and
//   r = t,  angle = 2π·j/K + 4·t + noise·N(0,1)   (radians),  point = (r·sin angle, r·cos angle).
// Unlike CS231n (offset 4·j), arms start at evenly spaced angles 2π·j/K so any K in 2..10
// gives K evenly interleaved arms. Requires 2 <= classes <= 10 and samples >= classes.
Dataset make_spirals(std::size_t samples, std::size_t classes, double noise, std::uint64_t seed);

// Two concentric circles in 2-D, like sklearn's make_circles: class 0 is the outer circle
// (radius 1.0), class 1 the inner one (radius 0.5); angles uniform in [0, 2π); then
// noise·N(0,1) is added to each coordinate. Requires samples >= 2.
Dataset make_circles(std::size_t samples, double noise, std::uint64_t seed);

// XOR of signs: points uniform in [-1, 1]², label 1 when x and y have different signs
// (x >= 0 counts as positive), 0 otherwise. The label is taken from the clean point, then
// noise·N(0,1) is added to each coordinate (so noise blurs the quadrant borders, as in the
// TensorFlow Playground). Classes are balanced only in expectation.
Dataset make_xor(std::size_t samples, double noise, std::uint64_t seed);

// `classes` Gaussian blobs in `features` dimensions: centres uniform in [-5, 5]^features
// (drawn first, in class order), each point = its centre + (1 + noise)·N(0,1) per feature, so
// noise 0 gives unit-variance blobs and larger noise makes them overlap.
// Requires 2 <= classes <= 100, 1 <= features <= 1000, samples >= classes and
// samples·features <= 100,000,000.
Dataset make_blobs(std::size_t samples, std::size_t classes, std::size_t features, double noise,
                   std::uint64_t seed);

// Two interleaved half circles in 2-D, like sklearn's make_moons: with t evenly spaced over
// [0, π] within each class, class 0 is (cos t, sin t) and class 1 is (1 − cos t, 0.5 − sin t);
// then noise·N(0,1) is added to each coordinate. Requires samples >= 2.
Dataset make_moons(std::size_t samples, double noise, std::uint64_t seed);

// The lecture's input-scaling example: a regression whose three features live on wildly
// different scales.
//   miles   uniform in [0, 100000)            ("miles driven")
//   age     uniform in [18, 80)               (owner's age, years)
//   engines uniform integer in {1, 2, 3, 4}
//   price = 30000 − 0.15·miles − 120·(age − 18) + 2000·engines + 1000·noise·N(0,1)
// inputs are (N, 3) in the column order miles, age, engines; targets are (N, 1) prices.
// Noise 1 gives a price noise with standard deviation 1000.
Dataset make_scaled_regression(std::size_t samples, double noise, std::uint64_t seed);

// Small grey images for the convolution lessons: inputs are (N, 1, size, size), and each image
// holds one straight line segment whose orientation is its class:
//   0 horizontal, 1 vertical, 2 diagonal "\" (down-right), 3 anti-diagonal "/" (down-left);
// `classes` (2..4) uses the first `classes` orientations. Per sample, in this draw order:
// the length L uniform in {⌈size/2⌉, ..., size}; two positions a, b (a: the row of a
// horizontal, the column of a vertical, the first row of a diagonal; b: the first column of a
// horizontal or diagonal, the first row of a vertical), each uniform over the places where the
// segment fits; then noise·N(0,1) added to every pixel in row-major order. Segment pixels are
// 1, the background 0 (before noise). Because position and length vary, a detector must
// respond to the orientation wherever it appears: the job of a convolution.
// Requires 2 <= classes <= 4, 4 <= size <= 64, samples >= classes and
// samples·size² <= 100,000,000.
Dataset make_stripes(std::size_t samples, std::size_t classes, std::size_t size, double noise,
                     std::uint64_t seed);

}  // namespace bnlab
