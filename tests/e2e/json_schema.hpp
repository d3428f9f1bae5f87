// SPDX-License-Identifier: MIT
// A small JSON Schema validator for the keywords docs/json-schema uses; any other keyword throws,
// so the schema cannot say more than the tests check.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace lede::e2e {

class JsonSchema {
public:
    explicit JsonSchema(nlohmann::json root);
    static JsonSchema load(const std::filesystem::path& file);

    /// Problems with `value` against the schema at `ref` ("#" or "#/$defs/name"); empty = valid.
    /// Supported: type, properties, required, additionalProperties, items, minItems, maxItems,
    /// minimum, minLength, const, enum, pattern, oneOf, anyOf, $ref (local) and the annotations
    /// $schema, $id, $defs, title, description. Throws std::logic_error on anything else.
    std::vector<std::string> validate(const nlohmann::json& value, const std::string& ref = "#") const;

private:
    const nlohmann::json& resolve(const std::string& ref) const;
    void check(const nlohmann::json& schema, const nlohmann::json& value, const std::string& where,
               std::vector<std::string>& errors) const;
    const std::regex& regex(const std::string& pattern) const;

    nlohmann::json m_root;
    mutable std::map<std::string, std::regex> m_regexes;
};

} // namespace lede::e2e
