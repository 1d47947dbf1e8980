// docs/EXPERIMENT_FORMAT.md against the schema the engine publishes: every table of the
// document lists exactly the fields the schema (and so the parser) takes. A field added to
// the parser without a line in the docs, or documented but not read, fails here.
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "experiment/experiment.hpp"

namespace bnlab {
namespace {

std::string format_document() {
  std::ifstream file(std::string(BNLAB_SOURCE_DIR) + "/docs/EXPERIMENT_FORMAT.md");
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The text of the section whose heading is exactly `heading`, up to the next "## ".
std::string section(const std::string& document, const std::string& heading) {
  const std::size_t start = document.find("\n" + heading + "\n");
  EXPECT_NE(start, std::string::npos) << heading;
  if (start == std::string::npos) return "";
  const std::size_t end = document.find("\n## ", start + 1);
  return document.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The rows of the section's table (lines starting with "| `"), split into cells.
std::vector<std::vector<std::string>> table_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream parts(line.substr(1));
    while (std::getline(parts, cell, '|')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

// The `names` of a cell that are field names: bare identifiers, not quoted values.
std::set<std::string> field_names(const std::string& cell) {
  std::set<std::string> names;
  static const std::regex quoted_name("`([a-z_0-9]+)`");
  for (std::sregex_iterator match(cell.begin(), cell.end(), quoted_name), end; match != end; ++match) {
    names.insert((*match)[1]);
  }
  return names;
}

std::set<std::string> property_names(const Json& object_schema, std::set<std::string> leave_out = {}) {
  std::set<std::string> names;
  for (const auto& [key, value] : object_schema["properties"].items()) {
    if (!leave_out.count(key)) names.insert(key);
  }
  return names;
}

TEST(experiment_format_doc, top_level_table_lists_every_top_level_field) {
  std::set<std::string> documented;
  for (const auto& row : table_rows(section(format_document(), "## Top level"))) {
    const std::set<std::string> names = field_names(row[0]);
    documented.insert(names.begin(), names.end());
  }
  EXPECT_EQ(documented, property_names(experiment_schema()));
}

TEST(experiment_format_doc, training_and_probes_tables_list_their_fields) {
  const Json schema = experiment_schema();
  for (const char* name : {"training", "probes"}) {
    SCOPED_TRACE(name);
    std::set<std::string> documented;
    for (const auto& row : table_rows(section(format_document(), std::string("## `") + name + "`"))) {
      const std::set<std::string> names = field_names(row[0]);
      documented.insert(names.begin(), names.end());
    }
    EXPECT_EQ(documented, property_names(schema["properties"][name]));
  }
}

// Rows of "kind | fields" tables: the first cell names one or more kinds, the second the
// fields they take besides the discriminator (and dataset's shared "shuffle").
void check_kind_table(const std::string& heading, const Json& alternatives, const std::string& discriminator,
                      const std::set<std::string>& shared) {
  std::map<std::string, std::set<std::string>> documented;
  for (const auto& row : table_rows(section(format_document(), heading))) {
    for (const std::string& kind : field_names(row[0])) documented[kind] = field_names(row[1]);
  }
  std::set<std::string> kinds;
  for (const Json& alternative : alternatives) {
    const std::string kind = alternative["properties"][discriminator]["const"];
    kinds.insert(kind);
    SCOPED_TRACE(kind);
    ASSERT_TRUE(documented.count(kind)) << heading << " has no row for " << kind;
    std::set<std::string> expected = property_names(alternative, shared);
    expected.erase(discriminator);
    // Quoted values ("cumulative") are not names; every backticked name must be a field.
    EXPECT_EQ(documented[kind], expected);
  }
  for (const auto& [kind, fields] : documented) EXPECT_TRUE(kinds.count(kind)) << "documented but unknown: " << kind;
}

TEST(experiment_format_doc, dataset_table_lists_every_kind_and_its_fields) {
  check_kind_table("## `dataset`", experiment_schema()["properties"]["dataset"]["oneOf"], "kind", {"shuffle"});
}

TEST(experiment_format_doc, layer_table_lists_every_type_and_its_fields) {
  check_kind_table("## `model.layers[i]`",
                   experiment_schema()["properties"]["model"]["properties"]["layers"]["items"]["oneOf"], "type", {});
}

TEST(experiment_format_doc, optimizer_section_names_every_type_and_setting) {
  const std::string text = section(format_document(), "## `optimizer`");
  const Json schema = experiment_schema();  // named: a loop over a temporary's member would dangle
  for (const Json& type : schema["properties"]["optimizer"]["oneOf"]) {
    for (const auto& [key, value] : type["properties"].items()) {
      const std::string shown = key == "type" ? value["const"].get<std::string>() : key;
      EXPECT_NE(text.find("`" + shown + "`"), std::string::npos) << shown;
    }
  }
}

}  // namespace
}  // namespace bnlab
