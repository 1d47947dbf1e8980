// IDX (MNIST-format) loading from files and from memory: the bytes written here follow the
// format description at yann.lecun.com/exdb/mnist ("FILE FORMATS FOR THE MNIST DATABASE").
// Real-file tests on Fashion-MNIST are left for a later issue (Debian ships it gzipped).

#include "data/idx_loader.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "support/error_message.hpp"

namespace bnlab {
namespace {

using testing::error_message;

using Bytes = std::vector<std::uint8_t>;

void append_big_endian(Bytes& bytes, std::uint32_t value) {
  for (const int shift : {24, 16, 8, 0}) bytes.push_back(static_cast<std::uint8_t>(value >> shift));
}

Bytes image_file_bytes(std::uint32_t count, std::uint32_t rows, std::uint32_t cols,
                       const Bytes& pixels, std::uint32_t magic = 0x00000803) {
  Bytes bytes;
  append_big_endian(bytes, magic);
  append_big_endian(bytes, count);
  append_big_endian(bytes, rows);
  append_big_endian(bytes, cols);
  bytes.insert(bytes.end(), pixels.begin(), pixels.end());
  return bytes;
}

Bytes label_file_bytes(const Bytes& labels) {
  Bytes bytes;
  append_big_endian(bytes, 0x00000801);
  append_big_endian(bytes, static_cast<std::uint32_t>(labels.size()));
  bytes.insert(bytes.end(), labels.begin(), labels.end());
  return bytes;
}

// Three 2×3 images whose pixel p of image i is 5·i + 40·p (0 to 210), labelled 7, 0, 9.
Bytes three_pixels() {
  Bytes pixels;
  for (int image = 0; image < 3; ++image) {
    for (int pixel = 0; pixel < 6; ++pixel)
      pixels.push_back(static_cast<std::uint8_t>(image * 5 + pixel * 40));
  }
  return pixels;
}
const Bytes three_labels{7, 0, 9};

// A folder of its own for each test, so files of one test cannot satisfy another.
class IdxFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    folder_ =
        std::filesystem::path(::testing::TempDir()) / (std::string("bnlab-idx-") + test->name());
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::string write(const std::string& name, const Bytes& bytes) {
    const std::string path = (folder_ / name).string();
    std::ofstream file(path, std::ios::binary);
    file.write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    EXPECT_TRUE(file.good()) << "could not write " << path;
    return path;
  }

  std::filesystem::path folder_;
};

void expect_three_images(const Dataset& dataset, std::size_t count) {
  ASSERT_EQ(shape_of(dataset.inputs), (Shape{count, 6}));
  for (std::size_t image = 0; image < count; ++image) {
    for (std::size_t pixel = 0; pixel < 6; ++pixel) {
      EXPECT_EQ(dataset.inputs(image, pixel), static_cast<Scalar>(image * 5 + pixel * 40))
          << "image " << image << ", pixel " << pixel;
    }
  }
  EXPECT_EQ(dataset.labels,
            std::vector<std::int32_t>(three_labels.begin(), three_labels.begin() + count));
  EXPECT_EQ(dataset.num_classes, 10u);
  EXPECT_EQ(dataset.task, TaskKind::classification);
  EXPECT_EQ(dataset.input_range_max, 255.0);
}

TEST_F(IdxFiles, LoadsRawPixelsAndLabels) {
  const std::string images = write("images", image_file_bytes(3, 2, 3, three_pixels()));
  const std::string labels = write("labels", label_file_bytes(three_labels));
  const Dataset dataset = load_idx_files(images, labels, 0);
  EXPECT_EQ(dataset.name, images);
  expect_three_images(dataset, 3);
}

TEST_F(IdxFiles, LimitKeepsTheFirstSamples) {
  const std::string images = write("images", image_file_bytes(3, 2, 3, three_pixels()));
  const std::string labels = write("labels", label_file_bytes(three_labels));
  expect_three_images(load_idx_files(images, labels, 2), 2);
  expect_three_images(load_idx_files(images, labels, 50), 3);  // more than the file holds: all
}

TEST_F(IdxFiles, LimitSkipsBadLabelsBeyondIt) {
  // Only the kept samples are read, so a bad label after the limit is not an error.
  const std::string images = write("images", image_file_bytes(3, 2, 3, three_pixels()));
  const std::string labels = write("labels", label_file_bytes({7, 0, 200}));
  EXPECT_EQ(load_idx_files(images, labels, 2).size(), 2u);
  EXPECT_EQ(error_message<DataError>([&] { load_idx_files(images, labels, 3); }),
            labels + ": label 200 at index 2 is outside 0..9");
}

TEST(IdxMemory, LoadsTheSameAsFromFiles) {
  const Dataset dataset = load_idx(image_file_bytes(3, 2, 3, three_pixels()),
                                   label_file_bytes(three_labels), "tiny", 0);
  EXPECT_EQ(dataset.name, "tiny");
  expect_three_images(dataset, 3);
  expect_three_images(load_idx(image_file_bytes(3, 2, 3, three_pixels()),
                               label_file_bytes(three_labels), "tiny", 1),
                      1);
}

TEST(IdxMemory, NamesItsSourcesInMessages) {
  Bytes truncated = image_file_bytes(3, 2, 3, three_pixels());
  truncated.resize(20);
  EXPECT_EQ(error_message<DataError>([&] { load_idx(truncated, label_file_bytes(three_labels), "fashion", 0); }),
            "fashion images: truncated: header says 3 images of 2×3 (18 bytes of pixels) but the "
            "file holds 4 bytes after its 16-byte header");
  EXPECT_EQ(error_message<DataError>([&] {
              load_idx(image_file_bytes(3, 2, 3, three_pixels()), Bytes{}, "fashion", 0);
            }),
            "fashion labels: too short to be an IDX file (0 bytes)");
}

TEST_F(IdxFiles, RejectsATruncatedImageFile) {
  Bytes bytes = image_file_bytes(3, 2, 3, three_pixels());
  bytes.resize(16 + 10);
  const std::string images = write("images", bytes);
  const std::string labels = write("labels", label_file_bytes(three_labels));
  EXPECT_EQ(error_message<DataError>([&] { load_idx_files(images, labels, 0); }),
            images +
                ": truncated: header says 3 images of 2×3 (18 bytes of pixels) but the file "
                "holds 10 bytes after its 16-byte header");
  // Even a limit that would fit in what is there: the file is damaged.
  EXPECT_THROW(load_idx_files(images, labels, 1), DataError);
}

TEST_F(IdxFiles, RejectsATruncatedHeaderOrLabelFile) {
  const std::string images = write("images", image_file_bytes(3, 2, 3, three_pixels()));
  Bytes short_header = image_file_bytes(3, 2, 3, {});
  short_header.resize(10);
  const std::string cut_images = write("cut-images", short_header);
  Bytes short_labels = label_file_bytes(three_labels);
  short_labels.pop_back();
  const std::string labels = write("labels", short_labels);
  EXPECT_EQ(
      error_message<DataError>([&] { load_idx_files(cut_images, labels, 0); }),
      cut_images + ": truncated: the file holds 10 bytes, less than the 16-byte IDX image header");
  EXPECT_EQ(error_message<DataError>([&] { load_idx_files(images, labels, 0); }),
            labels +
                ": truncated: header says 3 labels but the file holds 2 bytes after its "
                "8-byte header");
}

TEST_F(IdxFiles, RejectsAWrongMagicNumber) {
  const std::string labels = write("labels", label_file_bytes(three_labels));
  const std::string floats = write("floats", image_file_bytes(3, 2, 3, three_pixels(), 0x00000d03));
  EXPECT_EQ(error_message<DataError>([&] { load_idx_files(floats, labels, 0); }),
            floats + ": not an IDX image file (magic 0x00000d03, expected 0x00000803)");
  // The two paths swapped: say which kind of file each one is.
  const std::string images = write("images", image_file_bytes(3, 2, 3, three_pixels()));
  EXPECT_EQ(error_message<DataError>([&] { load_idx_files(labels, images, 0); }),
            labels +
                ": not an IDX image file (magic 0x00000801, expected 0x00000803) — this is a "
                "label file");
}

TEST_F(IdxFiles, RejectsGzippedFilesSayingSo) {
  // The first bytes of any gzip stream: 1f 8b, method 08 (deflate).
  const std::string gzipped = write("images.gz", Bytes{0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 0, 0, 3});
  const std::string labels = write("labels", label_file_bytes(three_labels));
  EXPECT_EQ(error_message<DataError>([&] { load_idx_files(gzipped, labels, 0); }),
            gzipped +
                ": is gzip-compressed (magic 0x1f8b); bnlab reads uncompressed IDX files only "
                "— decompress it first (gunzip)");
}

TEST_F(IdxFiles, RejectsALabelOutsideZeroToNine) {
  const std::string images = write("images", image_file_bytes(3, 2, 3, three_pixels()));
  const std::string labels = write("labels", label_file_bytes({7, 11, 9}));
  EXPECT_EQ(error_message<DataError>([&] { load_idx_files(images, labels, 0); }),
            labels + ": label 11 at index 1 is outside 0..9");
}

TEST_F(IdxFiles, RejectsImageAndLabelCountsThatDiffer) {
  const std::string images = write("images", image_file_bytes(3, 2, 3, three_pixels()));
  const std::string labels = write("labels", label_file_bytes({7, 0}));
  EXPECT_EQ(error_message<DataError>([&] { load_idx_files(images, labels, 0); }),
            images + " has 3 images but " + labels + " has 2 labels");
}

TEST_F(IdxFiles, RejectsMissingFilesAndFolders) {
  const std::string labels = write("labels", label_file_bytes(three_labels));
  const std::string missing = (folder_ / "no-such-file").string();
  EXPECT_EQ(error_message<DataError>([&] { load_idx_files(missing, labels, 0); }),
            missing + ": cannot open (No such file or directory)");
  const std::string folder = folder_.string();
  EXPECT_EQ(error_message<DataError>([&] { load_idx_files(folder, labels, 0); }),
            folder + ": cannot read (Is a directory)");
}

TEST_F(IdxFiles, RejectsEmptyOrAbsurdDimensionsBeforeAllocating) {
  const std::string labels = write("labels", label_file_bytes({1}));
  const std::string flat = write("flat", image_file_bytes(1, 0, 28, {}));
  EXPECT_EQ(error_message<DataError>([&] { load_idx_files(flat, labels, 0); }),
            flat + ": images of 0×28 pixels are empty");

  // Every dimension at its largest: count·rows·cols overflows 64 bits, and must not wrap
  // around to a small size that the file seems to hold.
  const std::string huge_claim =
      write("huge-claim", image_file_bytes(0xffffffffu, 0xffffffffu, 0xffffffffu, {1, 2}));
  EXPECT_EQ(error_message<DataError>([&] { load_idx_files(huge_claim, labels, 0); }),
            huge_claim +
                ": truncated: header says 4294967295 images of 4294967295×4294967295 (more "
                "than 2^64 bytes of pixels) but the file holds 2 bytes after its 16-byte "
                "header");

  // A complete file of 10001×10001 pixels (sparse on disk): more than 100,000,000 bytes, refused
  // before any pixel is read or a tensor allocated.
  const std::string big = write("big", image_file_bytes(1, 10001, 10001, {}));
  std::filesystem::resize_file(big, 16 + 10001ull * 10001ull);
  EXPECT_EQ(error_message<DataError>([&] { load_idx_files(big, labels, 0); }),
            big +
                ": keeping 1 image of 10001×10001 means 100020001 bytes of pixels, more than the "
                "100000000 bnlab loads; set a smaller limit");
}

}  // namespace
}  // namespace bnlab
