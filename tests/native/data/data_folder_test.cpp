// Where the CLI finds the real datasets when BNLAB_DATA_DIR is not set. CTest sets the variable
// for every test (CMakeLists.txt), so without these tests the fallback of
// engine/data/data_folder.cpp — build/data beside the executable's build folder — would never
// run. Each test starts the CLI with the variable removed from its environment (`env -u`).
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "support/cli_runner.hpp"
#include "support/temporary_directory.hpp"

namespace bnlab {
namespace {

using testing::Outcome;
using testing::run_command;

// 200 real digits, 2 steps: enough to show the files were read.
const char* const mnist_experiment = R"({
  "name": "mnist-from-the-fallback", "seed": 1,
  "dataset": {"kind": "mnist", "train_samples": 200, "test_samples": 50},
  "model": {"layers": [{"type": "dense", "units": 10}]},
  "loss": "cross_entropy",
  "optimizer": {"type": "sgd", "learning_rate": 0.01},
  "training": {"batch_size": 50, "steps": 2}
})";

const std::string without_data_dir = "env -u BNLAB_DATA_DIR ";

TEST(DataFolder, WithoutTheVariableTheCliFindsBuildDataBesideItsBuildFolder) {
  const testing::TemporaryDirectory folder;
  const std::string experiment = folder.write("mnist.json", mnist_experiment);
  const std::string records = folder.file("records.jsonl");
  const Outcome outcome = run_command(without_data_dir + BNLAB_CLI_PATH + " train " + experiment + " --quiet --out " + records);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  // The run read the digits: its start record counts the 200 training samples and 50 test ones.
  bool started = false;
  for (const Json& record : testing::read_records(records)) {
    if (record.value("type", "") != "start") continue;
    started = true;
    EXPECT_EQ(record["samples"]["train"], 200) << record.dump();
    EXPECT_EQ(record["samples"]["test"], 50) << record.dump();
  }
  EXPECT_TRUE(started) << testing::read_text(records);
}

// A copy of the CLI in a folder with no data beside it: the error names the file it looked for
// (<folder>/data/mnist/train-images.idx: bin/bnlab → bin/.. → data) and says how to fix it.
TEST(DataFolder, ACliWithNoDataBesideItNamesWhereItLooked) {
  const testing::TemporaryDirectory folder;
  std::filesystem::create_directories(folder.file("bin"));
  const std::string copy = folder.file("bin/bnlab");
  std::filesystem::copy_file(BNLAB_CLI_PATH, copy);
  const std::string experiment = folder.write("mnist.json", mnist_experiment);
  const Outcome outcome = run_command(without_data_dir + copy + " train " + experiment + " --quiet --out " + folder.file("o.jsonl"));
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_EQ(outcome.output, "bnlab train: error: mnist: " + folder.file("data/mnist/train-images.idx") +
                                " is missing; build the datasets with `node scripts/build-data.mjs` (npm test and npm "
                                "start do it), or point BNLAB_DATA_DIR at a folder that has them\n");
}

// The variable, when set, wins over the folder beside the executable.
TEST(DataFolder, TheVariableWinsOverTheFolderBesideTheExecutable) {
  const testing::TemporaryDirectory folder;
  const std::string experiment = folder.write("mnist.json", mnist_experiment);
  const Outcome outcome = run_command("BNLAB_DATA_DIR=" + folder.file("elsewhere") + " " + BNLAB_CLI_PATH + " train " +
                                      experiment + " --quiet --out " + folder.file("o.jsonl"));
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_EQ(outcome.output.rfind("bnlab train: error: mnist: " + folder.file("elsewhere/mnist/train-images.idx") + " is missing", 0), 0u)
      << outcome.output;
}

}  // namespace
}  // namespace bnlab
