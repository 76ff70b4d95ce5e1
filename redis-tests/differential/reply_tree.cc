#include "redis-tests/differential/reply_tree.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "redis-tests/subprocess.h"

namespace slotcache::blackbox {
namespace {

constexpr int kMaxDepth = 64;

bool IsBulkType(char type) {
  return type == '$' || type == '!' || type == '=';
}
bool IsAggregateType(char type) {
  return type == '*' || type == '~' || type == '>' || type == '%' || type == '|';
}
// Maps and attributes announce pairs; their element count is twice the header's.
int64_t ElementCount(char type, int64_t header) {
  return (type == '%' || type == '|') ? header * 2 : header;
}

bool ReadInto(RawClient& client, int64_t deadline, int depth, std::string* out) {
  int64_t left = std::max<int64_t>(0, deadline - NowMs());
  std::string line = client.ReadLine(static_cast<int>(left));
  if (line.size() < 3 || depth > kMaxDepth) return false;
  out->append(line);
  char type = line[0];
  if (!IsBulkType(type) && !IsAggregateType(type)) return true;
  int64_t n = std::strtoll(line.c_str() + 1, nullptr, 10);
  if (n < 0) return true;
  if (IsBulkType(type)) {
    left = std::max<int64_t>(0, deadline - NowMs());
    std::string payload = client.ReadExactly(static_cast<size_t>(n) + 2, static_cast<int>(left));
    out->append(payload);
    return payload.size() == static_cast<size_t>(n) + 2;
  }
  for (int64_t i = 0; i < ElementCount(type, n); ++i) {
    if (!ReadInto(client, deadline, depth + 1, out)) return false;
  }
  return true;
}

// Parses the reply at `*pos`, advancing it; false on malformed or truncated input.
bool ParseAt(std::string_view input, size_t* pos, int depth, ReplyNode* out) {
  size_t eol = input.find("\r\n", *pos);
  if (eol == std::string_view::npos || eol == *pos || depth > kMaxDepth) return false;
  out->type = input[*pos];
  out->text = std::string(input.substr(*pos + 1, eol - *pos - 1));
  *pos = eol + 2;
  if (!IsBulkType(out->type) && !IsAggregateType(out->type)) return true;
  int64_t n = std::strtoll(out->text.c_str(), nullptr, 10);
  out->text.clear();
  if (n < 0) {
    out->null = true;
    return true;
  }
  if (IsBulkType(out->type)) {
    if (input.size() - *pos < static_cast<size_t>(n) + 2) return false;
    out->text = std::string(input.substr(*pos, static_cast<size_t>(n)));
    *pos += static_cast<size_t>(n) + 2;
    return true;
  }
  out->children.resize(static_cast<size_t>(ElementCount(out->type, n)));
  for (ReplyNode& child : out->children) {
    if (!ParseAt(input, pos, depth + 1, &child)) return false;
  }
  return true;
}

void RenderInto(const ReplyNode& node, std::string* out) {
  if (node.null) {
    out->append(node.type == '$' ? "(nil)" : "(nil array)");
    return;
  }
  if (IsBulkType(node.type)) {
    out->append(node.type == '$' ? "\"" : std::string(1, node.type) + "\"");
    out->append(Printable(node.text, SIZE_MAX) + "\"");
    return;
  }
  if (!IsAggregateType(node.type)) {
    out->append(std::string(1, node.type) + Printable(node.text, SIZE_MAX));
    return;
  }
  bool pairs = node.type == '%' || node.type == '|';
  out->append(node.type == '*' ? "[" : std::string(1, node.type) + "[");
  for (size_t i = 0; i < node.children.size(); ++i) {
    if (i > 0) out->append(pairs && i % 2 == 1 ? " => " : ", ");
    RenderInto(node.children[i], out);
  }
  out->append("]");
}

bool WantedField(std::string_view item, const std::vector<std::string>& names) {
  size_t end = item.find_first_of(":=");
  if (end == std::string_view::npos) return false;
  return std::find(names.begin(), names.end(), item.substr(0, end)) != names.end();
}

}  // namespace

std::string ReadReply(RawClient& client, int timeout_ms) {
  std::string out;
  if (!ReadInto(client, NowMs() + timeout_ms, 0, &out)) return "";
  return out;
}

bool ParseReply(std::string_view input, ReplyNode* out) {
  size_t pos = 0;
  return ParseAt(input, &pos, 0, out) && pos == input.size();
}

std::string Render(const ReplyNode& node) {
  std::string out;
  RenderInto(node, &out);
  return out;
}

void SortUnordered(ReplyNode* node) {
  for (ReplyNode& child : node->children) {
    SortUnordered(&child);
  }
  if (node->type == '%' || node->type == '|') {
    std::vector<std::pair<std::string, std::pair<ReplyNode, ReplyNode>>> entries;
    for (size_t i = 0; i + 1 < node->children.size(); i += 2) {
      entries.push_back({Render(node->children[i]), {node->children[i], node->children[i + 1]}});
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    node->children.clear();
    for (auto& entry : entries) {
      node->children.push_back(std::move(entry.second.first));
      node->children.push_back(std::move(entry.second.second));
    }
    return;
  }
  std::sort(node->children.begin(), node->children.end(),
            [](const ReplyNode& a, const ReplyNode& b) { return Render(a) < Render(b); });
}

void KeepFields(ReplyNode* node, const std::vector<std::string>& names) {
  for (ReplyNode& child : node->children) {
    KeepFields(&child, names);
  }
  bool text_type = node->type == '$' || node->type == '=' || node->type == '+';
  if (!text_type || node->null) return;
  std::string kept;
  std::string_view text = node->text;
  while (!text.empty()) {
    size_t end = text.find_first_of(" \r\n");
    std::string_view item = text.substr(0, end);
    if (WantedField(item, names)) kept.append(std::string(item) + "\n");
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  node->text = kept;
}

std::string Printable(std::string_view bytes, size_t max_len) {
  std::string out;
  for (unsigned char ch : bytes.substr(0, max_len)) {
    if (ch == '\r') {
      out += "\\r";
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\\' || ch == '"') {
      out += std::string("\\") + static_cast<char>(ch);
    } else if (ch < 0x20 || ch >= 0x7f) {
      static const char kHex[] = "0123456789abcdef";
      out += std::string("\\x") + kHex[ch >> 4] + kHex[ch & 15];
    } else {
      out += static_cast<char>(ch);
    }
  }
  if (bytes.size() > max_len) out += "...(" + std::to_string(bytes.size()) + " bytes)";
  return out;
}

}  // namespace slotcache::blackbox
