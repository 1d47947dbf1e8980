#include "data/generators.hpp"

#include <cmath>
#include <sstream>
#include <string>

#include "core/errors.hpp"
#include "core/rng.hpp"

// Every random draw below is its own statement: the order in which a compiler evaluates
// function arguments is unspecified, and GCC and Clang (Emscripten) differ, so two draws in one
// argument list could swap between the native and the WebAssembly build.

namespace bnlab {

namespace {

constexpr double pi = 3.14159265358979323846;

std::string number_text(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

void check_samples(const char* generator, std::size_t samples, std::size_t minimum) {
  if (samples < 1 || samples > max_generated_samples) {
    throw DataError(std::string(generator) + ": samples must be between 1 and " +
                    std::to_string(max_generated_samples) + ", got " + std::to_string(samples));
  }
  if (samples < minimum) {
    throw DataError(std::string(generator) + ": samples must be at least " +
                    std::to_string(minimum) + " so that every class has a sample, got " +
                    std::to_string(samples));
  }
}

void check_classes(const char* generator, std::size_t classes, std::size_t maximum) {
  if (classes < 2) {
    throw DataError(std::string(generator) + ": classes must be at least 2, got " +
                    std::to_string(classes));
  }
  if (classes > maximum) {
    throw DataError(std::string(generator) + ": classes must be at most " +
                    std::to_string(maximum) + ", got " + std::to_string(classes));
  }
}

void check_noise(const char* generator, double noise) {
  if (!std::isfinite(noise) || noise < 0.0) {
    throw DataError(std::string(generator) + ": noise must be a finite number >= 0, got " +
                    number_text(noise));
  }
}

Dataset classification_set(const char* name, std::size_t samples, std::size_t features,
                           std::size_t classes) {
  Dataset dataset;
  dataset.name = name;
  dataset.task = TaskKind::classification;
  dataset.num_classes = classes;
  dataset.inputs = Tensor::from_shape({samples, features});
  dataset.labels.resize(samples);
  return dataset;
}

// How many of `samples` (assigned round-robin, sample i to class i % classes) go to `label`.
std::size_t class_count(std::size_t samples, std::size_t classes, std::size_t label) {
  return samples / classes + (label < samples % classes ? 1 : 0);
}

// Position t in [0, 1] of the `rank`-th of `count` evenly spaced points (numpy's linspace).
double evenly_spaced(std::size_t rank, std::size_t count) {
  return count > 1 ? static_cast<double>(rank) / static_cast<double>(count - 1) : 0.0;
}

// Stores the point (x, y) moved by noise·N(0, 1) along each axis (the x offset drawn first) as
// sample `sample` of a two-feature classification set, with its label.
void store_noisy_point(Dataset& dataset, std::size_t sample, double x, double y, std::size_t label,
                       double noise, Rng& rng) {
  const double x_noise = noise * rng.normal();
  const double y_noise = noise * rng.normal();
  dataset.inputs(sample, 0) = static_cast<Scalar>(x + x_noise);
  dataset.inputs(sample, 1) = static_cast<Scalar>(y + y_noise);
  dataset.labels[sample] = static_cast<std::int32_t>(label);
}

}  // namespace

Dataset make_spirals(std::size_t samples, std::size_t classes, double noise, std::uint64_t seed) {
  check_classes("spirals", classes, max_spiral_classes);
  check_samples("spirals", samples, classes);
  check_noise("spirals", noise);

  Rng rng = Rng::for_purpose(seed, "data.spirals");
  Dataset dataset = classification_set("spirals", samples, 2, classes);
  for (std::size_t sample = 0; sample < samples; ++sample) {
    const std::size_t label = sample % classes;
    const double t = evenly_spaced(sample / classes, class_count(samples, classes, label));
    const double arm_offset = 2.0 * pi * static_cast<double>(label) / static_cast<double>(classes);
    const double angle_noise = noise * rng.normal();
    const double angle = arm_offset + 4.0 * t + angle_noise;
    const double radius = t;
    dataset.inputs(sample, 0) = static_cast<Scalar>(radius * std::sin(angle));
    dataset.inputs(sample, 1) = static_cast<Scalar>(radius * std::cos(angle));
    dataset.labels[sample] = static_cast<std::int32_t>(label);
  }
  return dataset;
}

Dataset make_circles(std::size_t samples, double noise, std::uint64_t seed) {
  check_samples("circles", samples, 2);
  check_noise("circles", noise);

  Rng rng = Rng::for_purpose(seed, "data.circles");
  Dataset dataset = classification_set("circles", samples, 2, 2);
  for (std::size_t sample = 0; sample < samples; ++sample) {
    const std::size_t label = sample % 2;
    const double radius = label == 0 ? 1.0 : 0.5;  // sklearn: class 0 outer, class 1 inner
    const double angle = rng.uniform(0.0, 2.0 * pi);
    store_noisy_point(dataset, sample, radius * std::cos(angle), radius * std::sin(angle), label,
                      noise, rng);
  }
  return dataset;
}

Dataset make_xor(std::size_t samples, double noise, std::uint64_t seed) {
  check_samples("xor", samples, 1);
  check_noise("xor", noise);

  Rng rng = Rng::for_purpose(seed, "data.xor");
  Dataset dataset = classification_set("xor", samples, 2, 2);
  for (std::size_t sample = 0; sample < samples; ++sample) {
    const double x = rng.uniform(-1.0, 1.0);
    const double y = rng.uniform(-1.0, 1.0);
    const bool signs_differ = (x >= 0.0) != (y >= 0.0);
    store_noisy_point(dataset, sample, x, y, signs_differ ? 1 : 0, noise, rng);
  }
  return dataset;
}

Dataset make_blobs(std::size_t samples, std::size_t classes, std::size_t features, double noise,
                   std::uint64_t seed) {
  check_classes("blobs", classes, max_blob_classes);
  if (features < 1 || features > max_blob_features) {
    throw DataError("blobs: features must be between 1 and " + std::to_string(max_blob_features) +
                    ", got " + std::to_string(features));
  }
  check_samples("blobs", samples, classes);
  if (samples > max_generated_values / features) {
    throw DataError("blobs: samples × features = " + std::to_string(samples) + " × " +
                    std::to_string(features) + " exceeds the limit of " +
                    std::to_string(max_generated_values) + " values");
  }
  check_noise("blobs", noise);

  Rng rng = Rng::for_purpose(seed, "data.blobs");
  std::vector<double> centres(classes * features);
  for (double& coordinate : centres) coordinate = rng.uniform(-5.0, 5.0);

  const double spread = 1.0 + noise;
  Dataset dataset = classification_set("blobs", samples, features, classes);
  for (std::size_t sample = 0; sample < samples; ++sample) {
    const std::size_t label = sample % classes;
    for (std::size_t feature = 0; feature < features; ++feature) {
      const double offset = spread * rng.normal();
      dataset.inputs(sample, feature) =
          static_cast<Scalar>(centres[label * features + feature] + offset);
    }
    dataset.labels[sample] = static_cast<std::int32_t>(label);
  }
  return dataset;
}

Dataset make_moons(std::size_t samples, double noise, std::uint64_t seed) {
  check_samples("moons", samples, 2);
  check_noise("moons", noise);

  Rng rng = Rng::for_purpose(seed, "data.moons");
  Dataset dataset = classification_set("moons", samples, 2, 2);
  for (std::size_t sample = 0; sample < samples; ++sample) {
    const std::size_t label = sample % 2;
    const double t = pi * evenly_spaced(sample / 2, class_count(samples, 2, label));
    const double clean_x = label == 0 ? std::cos(t) : 1.0 - std::cos(t);
    const double clean_y = label == 0 ? std::sin(t) : 0.5 - std::sin(t);
    store_noisy_point(dataset, sample, clean_x, clean_y, label, noise, rng);
  }
  return dataset;
}

Dataset make_scaled_regression(std::size_t samples, double noise, std::uint64_t seed) {
  check_samples("scaled_regression", samples, 1);
  check_noise("scaled_regression", noise);

  Rng rng = Rng::for_purpose(seed, "data.scaled_regression");
  Dataset dataset;
  dataset.name = "scaled_regression";
  dataset.task = TaskKind::regression;
  dataset.inputs = Tensor::from_shape({samples, 3});
  dataset.targets = Tensor::from_shape({samples, 1});
  for (std::size_t sample = 0; sample < samples; ++sample) {
    const double miles = rng.uniform(0.0, 100000.0);
    const double age = rng.uniform(18.0, 80.0);
    const double engines = 1.0 + static_cast<double>(rng.next_below(4));
    const double price_noise = 1000.0 * noise * rng.normal();
    // price = 30000 − 0.15·miles − 120·(age − 18) + 2000·engines + 1000·noise·N(0,1)
    const double price =
        30000.0 - 0.15 * miles - 120.0 * (age - 18.0) + 2000.0 * engines + price_noise;
    dataset.inputs(sample, 0) = static_cast<Scalar>(miles);
    dataset.inputs(sample, 1) = static_cast<Scalar>(age);
    dataset.inputs(sample, 2) = static_cast<Scalar>(engines);
    dataset.targets(sample, 0) = static_cast<Scalar>(price);
  }
  return dataset;
}

Dataset make_stripes(std::size_t samples, std::size_t classes, std::size_t size, double noise,
                     std::uint64_t seed) {
  check_classes("stripes", classes, max_stripe_classes);
  if (size < min_stripe_size || size > max_stripe_size) {
    throw DataError("stripes: size must be between " + std::to_string(min_stripe_size) + " and " +
                    std::to_string(max_stripe_size) + ", got " + std::to_string(size));
  }
  check_samples("stripes", samples, classes);
  if (samples > max_generated_values / (size * size)) {
    throw DataError("stripes: samples × size² = " + std::to_string(samples) + " × " +
                    std::to_string(size * size) + " exceeds the limit of " +
                    std::to_string(max_generated_values) + " values");
  }
  check_noise("stripes", noise);

  Rng rng = Rng::for_purpose(seed, "data.stripes");
  Dataset dataset;
  dataset.name = "stripes";
  dataset.task = TaskKind::classification;
  dataset.num_classes = classes;
  dataset.inputs = xt::zeros<Scalar>({samples, std::size_t{1}, size, size});
  dataset.labels.resize(samples);
  const std::size_t shortest = (size + 1) / 2;
  for (std::size_t sample = 0; sample < samples; ++sample) {
    const std::size_t label = sample % classes;
    const std::size_t length =
        shortest + rng.next_below(static_cast<std::uint32_t>(size - shortest + 1));
    const std::size_t room = size - length + 1;  // first positions where the segment fits
    const bool across_full_axis = label == 0 || label == 1;  // a is a whole row or column
    const std::size_t a = rng.next_below(static_cast<std::uint32_t>(across_full_axis ? size : room));
    const std::size_t b = rng.next_below(static_cast<std::uint32_t>(room));
    Scalar* image = dataset.inputs.data() + sample * size * size;
    for (std::size_t step = 0; step < length; ++step) {
      std::size_t row = 0;
      std::size_t column = 0;
      switch (label) {
        case 0: row = a; column = b + step; break;                 // horizontal
        case 1: row = b + step; column = a; break;                 // vertical
        case 2: row = a + step; column = b + step; break;          // "\"
        default: row = a + step; column = b + length - 1 - step;   // "/"
      }
      image[row * size + column] = 1;
    }
    for (std::size_t pixel = 0; pixel < size * size; ++pixel) {
      const double pixel_noise = noise * rng.normal();
      image[pixel] = static_cast<Scalar>(image[pixel] + pixel_noise);
    }
    dataset.labels[sample] = static_cast<std::int32_t>(label);
  }
  return dataset;
}

}  // namespace bnlab
