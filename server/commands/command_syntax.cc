#include "server/commands/command_syntax.h"

#include <cstddef>
#include <utility>

#include <fmt/format.h>

#include "server/base/str_util.h"

namespace slotcache::server {
namespace {

constexpr std::pair<ArgType, std::string_view> kTypeNames[] = {
    {ArgType::kKey, "key"},
    {ArgType::kString, "string"},
    {ArgType::kInteger, "integer"},
    {ArgType::kDouble, "double"},
    {ArgType::kUnixTime, "unix-time"},
    {ArgType::kPattern, "pattern"},
    {ArgType::kPureToken, "pure-token"},
    {ArgType::kOneOf, "oneof"},
    {ArgType::kBlock, "block"},
};

enum class LexKind { kWord, kLabel, kOpen, kClose, kBar, kNote };

struct Lexeme {
  LexKind kind;
  std::string_view text;  // a note's text is what is between the braces
  size_t offset;
  bool operator==(const Lexeme& o) const { return kind == o.kind && text == o.text; }
};

absl::Status SyntaxError(std::string_view what, size_t offset) {
  return absl::InvalidArgumentError(fmt::format("{} at offset {}", what, offset));
}

bool IsSpecial(char c) {
  return c == ' ' || c == '[' || c == ']' || c == '<' || c == '>' || c == '|' || c == '{' ||
         c == '}';
}

// A word is a token when it has letters and none is lower case ("NX", "NO-EVICT").
bool IsToken(std::string_view word) {
  bool letters = false;
  for (char c : word) {
    if (c >= 'a' && c <= 'z') return false;
    letters = letters || (c >= 'A' && c <= 'Z');
  }
  return letters;
}

absl::Status Lex(std::string_view s, std::vector<Lexeme>* out) {
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == ' ') {
      ++i;
    } else if (c == '{') {
      size_t end = s.find('}', i);
      if (end == std::string_view::npos) return SyntaxError("unterminated '{'", i);
      out->push_back({LexKind::kNote, s.substr(i + 1, end - i - 1), i});
      i = end + 1;
    } else if (c == '}') {
      return SyntaxError("unexpected '}'", i);
    } else if (IsSpecial(c)) {
      LexKind kind = (c == '[' || c == '<') ? LexKind::kOpen
                     : c == '|'             ? LexKind::kBar
                                            : LexKind::kClose;
      out->push_back({kind, s.substr(i, 1), i++});
    } else {
      size_t end = i;
      while (end < s.size() && !IsSpecial(s[end]))
        ++end;
      std::string_view word = s.substr(i, end - i);
      if (word.ends_with(':')) {
        if (out->empty() || out->back().kind != LexKind::kOpen) {
          return SyntaxError("a label must open a group", i);
        }
        out->push_back({LexKind::kLabel, word.substr(0, word.size() - 1), i});
      } else {
        out->push_back({LexKind::kWord, word, i});
      }
      i = end;
    }
  }
  return absl::OkStatus();
}

// One parsed argument and the lexemes it was written with (for matching "x [x ...]").
struct Item {
  CommandArg arg;
  size_t begin = 0;
  size_t end = 0;
  bool bare_token = false;      // an upper-case word that may still bind to what follows
  bool required_group = false;  // written <...>: its repeat shows only the inside
};

using Sequence = std::vector<Item>;

class Parser {
 public:
  explicit Parser(std::vector<Lexeme> lex) : lex_(std::move(lex)) {}

  absl::StatusOr<std::vector<CommandArg>> Run();

 private:
  bool AtEnd() const { return pos_ >= lex_.size(); }
  size_t Offset() const {
    return AtEnd() ? (lex_.empty() ? 0 : lex_.back().offset + 1) : lex_[pos_].offset;
  }
  absl::Status ParseAlternatives(std::vector<Sequence>* alts);
  absl::Status ParseItem(Sequence* items);
  absl::Status ParseWord(Sequence* items);
  absl::Status ParseGroup(Sequence* items);
  absl::Status ParseNote(CommandArg* arg);
  absl::Status ApplyRepeat(size_t close, Sequence* items);
  size_t FindClose(size_t open) const;
  std::vector<Lexeme> Plain(size_t begin, size_t end) const;

  std::vector<Lexeme> lex_;
  size_t pos_ = 0;
};

absl::Status Reduce(std::string_view label, std::vector<Sequence>& alts, size_t offset,
                    CommandArg* arg);

// A group without a label stands for one argument: its only item, or TOKEN + the item.
absl::Status ReduceOne(Sequence& seq, size_t offset, CommandArg* arg) {
  if (seq.size() == 1) {
    *arg = std::move(seq[0].arg);
    return absl::OkStatus();
  }
  if (seq.size() == 2 && seq[0].bare_token && !seq[1].bare_token && seq[1].arg.token.empty()) {
    *arg = std::move(seq[1].arg);
    arg->token = seq[0].arg.token;
    return absl::OkStatus();
  }
  return SyntaxError(seq.empty() ? "empty group" : "a group of several arguments needs a label",
                     offset);
}

// A group's argument: a oneof for alternatives, a block when labelled, else ReduceOne.
absl::Status Reduce(std::string_view label, std::vector<Sequence>& alts, size_t offset,
                    CommandArg* arg) {
  if (alts.size() > 1 && label.empty()) return SyntaxError("a oneof needs a label", offset);
  if (label.empty()) return ReduceOne(alts[0], offset, arg);
  arg->name = std::string(label);
  if (alts.size() > 1) {
    arg->type = ArgType::kOneOf;
    for (Sequence& alt : alts) {
      absl::Status status = ReduceOne(alt, offset, &arg->args.emplace_back());
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }
  Sequence& seq = alts[0];
  if (seq.empty()) return SyntaxError("empty group", offset);
  arg->type = ArgType::kBlock;
  size_t first = 0;
  if (seq.size() > 1 && seq[0].bare_token) {
    arg->token = seq[0].arg.token;
    first = 1;
  }
  for (size_t i = first; i < seq.size(); ++i)
    arg->args.push_back(std::move(seq[i].arg));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<CommandArg>> Parser::Run() {
  std::vector<Sequence> alts;
  absl::Status status = ParseAlternatives(&alts);
  if (!status.ok()) return status;
  if (!AtEnd()) return SyntaxError("unbalanced '" + std::string(lex_[pos_].text) + "'", Offset());
  if (alts.size() > 1) return SyntaxError("'|' outside a group", Offset());
  std::vector<CommandArg> args;
  for (Item& item : alts[0])
    args.push_back(std::move(item.arg));
  return args;
}

// Items up to the end or a closing bracket, split into alternatives at each '|'.
absl::Status Parser::ParseAlternatives(std::vector<Sequence>* alts) {
  alts->emplace_back();
  while (!AtEnd() && lex_[pos_].kind != LexKind::kClose) {
    if (lex_[pos_].kind == LexKind::kBar) {
      if (alts->back().empty()) return SyntaxError("empty alternative", Offset());
      alts->emplace_back();
      ++pos_;
      continue;
    }
    absl::Status status = ParseItem(&alts->back());
    if (!status.ok()) return status;
  }
  if (alts->size() > 1 && alts->back().empty()) return SyntaxError("empty alternative", Offset());
  return absl::OkStatus();
}

absl::Status Parser::ParseItem(Sequence* items) {
  switch (lex_[pos_].kind) {
    case LexKind::kWord:
      return ParseWord(items);
    case LexKind::kOpen: {
      size_t close = FindClose(pos_);
      bool repeat = close != std::string_view::npos && close > pos_ + 1 &&
                    lex_[close - 1].kind == LexKind::kWord && lex_[close - 1].text == "...";
      return repeat ? ApplyRepeat(close, items) : ParseGroup(items);
    }
    case LexKind::kNote:
      return SyntaxError("an annotation must follow an argument", Offset());
    default:
      return SyntaxError("unexpected '" + std::string(lex_[pos_].text) + "'", Offset());
  }
}

absl::Status Parser::ParseWord(Sequence* items) {
  std::string_view word = lex_[pos_].text;
  if (word == "...") return SyntaxError("'...' outside a repeat", Offset());
  Item item;
  item.begin = pos_++;
  item.arg.name = AsciiLower(word);
  if (IsToken(word)) {
    item.arg.type = ArgType::kPureToken;
    item.arg.token = std::string(word);
    item.bare_token = true;
  } else {
    item.arg.name = std::string(word);
  }
  absl::Status status = ParseNote(&item.arg);
  item.end = pos_;
  items->push_back(std::move(item));
  return status;
}

absl::Status Parser::ParseGroup(Sequence* items) {
  Item item;
  item.begin = pos_;
  size_t offset = Offset();
  bool optional = lex_[pos_++].text == "[";
  std::string_view label;
  if (!AtEnd() && lex_[pos_].kind == LexKind::kLabel) label = lex_[pos_++].text;
  std::vector<Sequence> alts;
  absl::Status status = ParseAlternatives(&alts);
  if (!status.ok()) return status;
  if (AtEnd() || lex_[pos_].text != (optional ? "]" : ">")) {
    return SyntaxError(optional ? "expected ']'" : "expected '>'", Offset());
  }
  ++pos_;
  status = Reduce(label, alts, offset, &item.arg);
  if (!status.ok()) return status;
  item.arg.optional = item.arg.optional || optional;
  item.required_group = !optional;
  status = ParseNote(&item.arg);
  item.end = pos_;
  items->push_back(std::move(item));
  return status;
}

absl::Status Parser::ParseNote(CommandArg* arg) {
  if (AtEnd() || lex_[pos_].kind != LexKind::kNote) return absl::OkStatus();
  size_t offset = Offset();
  for (std::string_view word : Split(lex_[pos_++].text, ' ', /*skip_empty=*/true)) {
    if (word.starts_with('@')) {
      arg->since = std::string(word.substr(1));
      continue;
    }
    if (word.starts_with("deprecated@")) {
      arg->deprecated_since = std::string(word.substr(11));
      continue;
    }
    bool leaf = arg->type != ArgType::kPureToken && arg->type != ArgType::kOneOf &&
                arg->type != ArgType::kBlock;
    bool known = false;
    for (const auto& [type, name] : kTypeNames) {
      if (name != word || type == ArgType::kPureToken || type == ArgType::kOneOf ||
          type == ArgType::kBlock) {
        continue;
      }
      if (!leaf) return SyntaxError("only a plain argument has a type", offset);
      arg->type = type;
      known = true;
    }
    if (!known) return SyntaxError("unknown annotation '" + std::string(word) + "'", offset);
  }
  return absl::OkStatus();
}

// The repeat "[...]" ending at `close` marks the item before it (or TOKEN + item) multiple.
absl::Status Parser::ApplyRepeat(size_t close, Sequence* items) {
  size_t offset = Offset();
  std::vector<Lexeme> shown = Plain(pos_ + 1, close - 1);
  pos_ = close + 1;
  if (items->empty()) return SyntaxError("a repeat must follow an argument", offset);
  Item& last = items->back();
  std::vector<Lexeme> previous = Plain(last.begin, last.end);
  if (last.required_group) previous = std::vector<Lexeme>(previous.begin() + 1, previous.end() - 1);
  if (shown == previous) {
    last.arg.multiple = true;
    return absl::OkStatus();
  }
  if (items->size() >= 2 && (*items)[items->size() - 2].bare_token) {
    Item& token = (*items)[items->size() - 2];
    if (shown == Plain(token.begin, last.end)) {
      last.arg.token = token.arg.token;
      last.arg.multiple = last.arg.multiple_token = true;
      last.begin = token.begin;
      items->erase(items->end() - 2);
      return absl::OkStatus();
    }
  }
  return SyntaxError("the repeat doesn't match the argument before it", offset);
}

// The index of the bracket closing the one at `open`, npos when unbalanced.
size_t Parser::FindClose(size_t open) const {
  int depth = 0;
  for (size_t i = open; i < lex_.size(); ++i) {
    if (lex_[i].kind == LexKind::kOpen) ++depth;
    if (lex_[i].kind == LexKind::kClose && --depth == 0) return i;
  }
  return std::string_view::npos;
}

// Lexemes [begin, end) as Redis's docs show them: without annotations and labels.
std::vector<Lexeme> Parser::Plain(size_t begin, size_t end) const {
  std::vector<Lexeme> out;
  for (size_t i = begin; i < end; ++i) {
    if (lex_[i].kind != LexKind::kNote && lex_[i].kind != LexKind::kLabel) out.push_back(lex_[i]);
  }
  return out;
}

void AssignKeySpecIndexes(std::vector<CommandArg>& args, int* next) {
  for (CommandArg& arg : args) {
    if (arg.type == ArgType::kKey) arg.key_spec_index = (*next)++;
    AssignKeySpecIndexes(arg.args, next);
  }
}

}  // namespace

std::string_view ArgTypeName(ArgType type) {
  for (const auto& [t, name] : kTypeNames) {
    if (t == type) return name;
  }
  return "";
}

absl::StatusOr<std::vector<CommandArg>> ParseCommandSyntax(std::string_view syntax) {
  std::vector<Lexeme> lex;
  absl::Status status = Lex(syntax, &lex);
  if (!status.ok()) return status;
  absl::StatusOr<std::vector<CommandArg>> args = Parser(std::move(lex)).Run();
  if (args.ok()) {
    int next = 0;
    AssignKeySpecIndexes(*args, &next);
  }
  return args;
}

}  // namespace slotcache::server
