#include "data/idx_loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

#include "core/errors.hpp"

namespace bnlab {

namespace {

constexpr std::uint32_t image_magic = 0x00000803;  // unsigned bytes, 3 dimensions
constexpr std::uint32_t label_magic = 0x00000801;  // unsigned bytes, 1 dimension
constexpr std::size_t image_header_bytes = 16;     // magic, count, rows, cols
constexpr std::size_t label_header_bytes = 8;      // magic, count

std::uint32_t read_big_endian(const std::uint8_t* bytes) {
  return (std::uint32_t{bytes[0]} << 24u) | (std::uint32_t{bytes[1]} << 16u) |
         (std::uint32_t{bytes[2]} << 8u) | std::uint32_t{bytes[3]};
}

// "1 image", "3 images".
std::string counted(std::uint64_t count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

std::string hex32(std::uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08x", static_cast<unsigned>(value));
  return text;
}

// What the header of an IDX file says. Sizes are 64-bit: size_t is 32-bit in WebAssembly and
// a hostile header could otherwise wrap around to a small, "valid" size.
struct IdxHeader {
  std::uint64_t count = 0;
  std::uint64_t rows = 1;  // images only
  std::uint64_t cols = 1;  // images only
  std::uint64_t item_bytes() const { return rows * cols; }
};

// `header` holds the first min(file_size, header size) bytes of a file of `file_size` bytes.
void check_magic(const std::uint8_t* header, std::uint64_t file_size, std::uint32_t expected,
                 const std::string& source) {
  const bool expect_images = expected == image_magic;
  if (file_size >= 2 && header[0] == 0x1f && header[1] == 0x8b) {
    throw DataError(source + ": is gzip-compressed (magic 0x1f8b); bnlab reads uncompressed IDX " +
                    "files only — decompress it first (gunzip)");
  }
  if (file_size < 4) {
    throw DataError(source + ": too short to be an IDX file (" + std::to_string(file_size) +
                    " bytes)");
  }
  const std::uint32_t magic = read_big_endian(header);
  if (magic != expected) {
    const std::string hint =
        magic == (expect_images ? label_magic : image_magic)
            ? (expect_images ? " — this is a label file" : " — this is an image file")
            : "";
    throw DataError(source + ": not an IDX " + (expect_images ? "image" : "label") +
                    " file (magic " + hex32(magic) + ", expected " + hex32(expected) + ")" + hint);
  }
}

IdxHeader parse_image_header(const std::uint8_t* header, std::uint64_t file_size,
                             const std::string& source) {
  check_magic(header, file_size, image_magic, source);
  if (file_size < image_header_bytes) {
    throw DataError(source + ": truncated: the file holds " + std::to_string(file_size) +
                    " bytes, less than the 16-byte IDX image header");
  }
  IdxHeader parsed;
  parsed.count = read_big_endian(header + 4);
  parsed.rows = read_big_endian(header + 8);
  parsed.cols = read_big_endian(header + 12);
  if (parsed.count == 0) throw DataError(source + ": holds no images (count 0)");
  if (parsed.rows == 0 || parsed.cols == 0) {
    throw DataError(source + ": images of " + std::to_string(parsed.rows) + "×" +
                    std::to_string(parsed.cols) + " pixels are empty");
  }
  // rows·cols < 2^64 always; count·rows·cols may not be, so compare by division.
  const std::uint64_t available = file_size - image_header_bytes;
  const bool fits = parsed.count <= available / parsed.item_bytes();
  if (!fits) {
    const bool product_overflows =
        parsed.count > std::numeric_limits<std::uint64_t>::max() / parsed.item_bytes();
    const std::string declared =
        product_overflows ? "more than 2^64" : std::to_string(parsed.count * parsed.item_bytes());
    throw DataError(source + ": truncated: header says " + counted(parsed.count, "image") + " of " +
                    std::to_string(parsed.rows) + "×" + std::to_string(parsed.cols) + " (" +
                    declared + " bytes of pixels) but the file holds " + std::to_string(available) +
                    " bytes after its 16-byte header");
  }
  return parsed;
}

IdxHeader parse_label_header(const std::uint8_t* header, std::uint64_t file_size,
                             const std::string& source) {
  check_magic(header, file_size, label_magic, source);
  if (file_size < label_header_bytes) {
    throw DataError(source + ": truncated: the file holds " + std::to_string(file_size) +
                    " bytes, less than the 8-byte IDX label header");
  }
  IdxHeader parsed;
  parsed.count = read_big_endian(header + 4);
  const std::uint64_t available = file_size - label_header_bytes;
  if (parsed.count > available) {
    throw DataError(source + ": truncated: header says " + counted(parsed.count, "label") +
                    " but the file holds " + std::to_string(available) +
                    " bytes after its 8-byte header");
  }
  return parsed;
}

// How many samples to keep, after checking that the two files agree and the result fits.
std::size_t samples_to_keep(const IdxHeader& images, const std::string& image_source,
                            const IdxHeader& labels, const std::string& label_source,
                            std::size_t limit) {
  if (images.count != labels.count) {
    throw DataError(image_source + " has " + counted(images.count, "image") + " but " +
                    label_source + " has " + counted(labels.count, "label"));
  }
  const std::uint64_t kept =
      limit == 0 ? images.count : std::min<std::uint64_t>(limit, images.count);
  // kept·rows·cols cannot overflow: the truncation check bounded count·rows·cols by the file size.
  const std::uint64_t pixel_bytes = kept * images.item_bytes();
  if (pixel_bytes > idx_max_pixel_bytes) {
    throw DataError(image_source + ": keeping " + counted(kept, "image") + " of " +
                    std::to_string(images.rows) + "×" + std::to_string(images.cols) + " means " +
                    std::to_string(pixel_bytes) + " bytes of pixels, more than the " +
                    std::to_string(idx_max_pixel_bytes) + " bnlab loads; set a smaller limit");
  }
  return static_cast<std::size_t>(kept);
}

// Builds the dataset from the pixel and label bytes of the first `kept` samples.
Dataset decode(const std::uint8_t* pixels, const std::uint8_t* labels, const IdxHeader& images,
               std::size_t kept, const std::string& name, const std::string& label_source) {
  for (std::size_t index = 0; index < kept; ++index) {
    if (labels[index] >= idx_num_classes) {
      throw DataError(label_source + ": label " + std::to_string(labels[index]) + " at index " +
                      std::to_string(index) + " is outside 0.." +
                      std::to_string(idx_num_classes - 1));
    }
  }
  const auto features = static_cast<std::size_t>(images.item_bytes());
  Dataset dataset;
  dataset.name = name;
  dataset.task = TaskKind::classification;
  dataset.num_classes = idx_num_classes;
  dataset.input_range_max = 255.0;
  dataset.inputs = Tensor::from_shape({kept, features});
  std::copy(pixels, pixels + kept * features, dataset.inputs.data());  // uint8 → Scalar
  dataset.labels.assign(labels, labels + kept);
  return dataset;
}

// fopen would stop at a NUL and open another file than the one named.
std::FILE* open_file(const std::string& path) {
  if (path.find('\0') != std::string::npos) {
    throw DataError(path + ": a file path cannot contain a NUL character");  // shown as \u0000
  }
  return std::fopen(path.c_str(), "rb");
}

// A file read in two steps: its header, then only the payload bytes that are needed.
class InputFile {
 public:
  explicit InputFile(const std::string& path)
      : path_(path), handle_(open_file(path), &std::fclose) {
    if (!handle_) throw DataError(path + ": cannot open (" + std::strerror(errno) + ")");
    // Read the header first: on a directory fopen succeeds and only the read fails.
    header_.resize(image_header_bytes);
    header_.resize(read_into(header_.data(), header_.size()));
    if (std::fseek(handle_.get(), 0, SEEK_END) != 0) fail_reading();
    const long end = std::ftell(handle_.get());
    if (end < 0) fail_reading();
    size_ = static_cast<std::uint64_t>(end);
  }

  const std::uint8_t* header() const { return header_.data(); }
  std::uint64_t size() const { return size_; }

  std::vector<std::uint8_t> read_payload(std::size_t offset, std::size_t byte_count) {
    if (std::fseek(handle_.get(), static_cast<long>(offset), SEEK_SET) != 0) fail_reading();
    std::vector<std::uint8_t> bytes(byte_count);
    if (read_into(bytes.data(), byte_count) != byte_count) {
      throw DataError(path_ + ": could not read " + std::to_string(byte_count) +
                      " bytes after the header (did the file change while it was read?)");
    }
    return bytes;
  }

 private:
  std::size_t read_into(std::uint8_t* destination, std::size_t byte_count) {
    const std::size_t got = std::fread(destination, 1, byte_count, handle_.get());
    if (got < byte_count && std::ferror(handle_.get())) fail_reading();
    return got;
  }

  [[noreturn]] void fail_reading() const {
    throw DataError(path_ + ": cannot read (" + std::strerror(errno) + ")");
  }

  std::string path_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> handle_;
  std::vector<std::uint8_t> header_;
  std::uint64_t size_ = 0;
};

}  // namespace

Dataset load_idx(const std::vector<std::uint8_t>& image_bytes,
                 const std::vector<std::uint8_t>& label_bytes, const std::string& name,
                 std::size_t limit) {
  const std::string image_source = name + " images";
  const std::string label_source = name + " labels";
  const IdxHeader images = parse_image_header(image_bytes.data(), image_bytes.size(), image_source);
  const IdxHeader labels = parse_label_header(label_bytes.data(), label_bytes.size(), label_source);
  const std::size_t kept = samples_to_keep(images, image_source, labels, label_source, limit);
  return decode(image_bytes.data() + image_header_bytes, label_bytes.data() + label_header_bytes,
                images, kept, name, label_source);
}

Dataset load_idx_files(const std::string& images_path, const std::string& labels_path,
                       std::size_t limit) {
  InputFile image_file(images_path);
  InputFile label_file(labels_path);
  const IdxHeader images = parse_image_header(image_file.header(), image_file.size(), images_path);
  const IdxHeader labels = parse_label_header(label_file.header(), label_file.size(), labels_path);
  const std::size_t kept = samples_to_keep(images, images_path, labels, labels_path, limit);
  const std::vector<std::uint8_t> pixels = image_file.read_payload(
      image_header_bytes, kept * static_cast<std::size_t>(images.item_bytes()));
  const std::vector<std::uint8_t> label_values = label_file.read_payload(label_header_bytes, kept);
  return decode(pixels.data(), label_values.data(), images, kept, images_path, labels_path);
}

}  // namespace bnlab
