#include "resp/reply_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace slotcache::resp {

void ReplyWriter::Header(char type, int64_t n) {
  char buf[24];
  buf[0] = type;
  char* end = std::to_chars(buf + 1, buf + sizeof(buf) - 2, n).ptr;
  end[0] = '\r';
  end[1] = '\n';
  out_->append(buf, end + 2 - buf);
}

void ReplyWriter::SimpleString(std::string_view s) {
  out_->push_back('+');
  out_->append(s);
  out_->append("\r\n");
}

void ReplyWriter::Error(std::string_view text) {
  // Redis never lets CR/LF into an error line: it would desynchronise the client.
  ++errors_;
  out_->push_back('-');
  size_t start = out_->size();
  out_->append(text);
  for (size_t i = start; i < out_->size(); ++i) {
    if ((*out_)[i] == '\r' || (*out_)[i] == '\n') (*out_)[i] = ' ';
  }
  out_->append("\r\n");
}

void ReplyWriter::Integer(int64_t v) {
  Header(':', v);
}

void ReplyWriter::Bulk(std::string_view s) {
  Header('$', static_cast<int64_t>(s.size()));
  out_->append(s);
  out_->append("\r\n");
}

void ReplyWriter::NullBulk() {
  out_->append(protocol_ == 3 ? "_\r\n" : "$-1\r\n");
}
void ReplyWriter::NullArray() {
  out_->append(protocol_ == 3 ? "_\r\n" : "*-1\r\n");
}
void ReplyWriter::ArrayHeader(size_t n) {
  Header('*', static_cast<int64_t>(n));
}

void ReplyWriter::MapHeader(size_t pairs) {
  if (protocol_ == 3) return Header('%', static_cast<int64_t>(pairs));
  Header('*', static_cast<int64_t>(pairs * 2));
}

void ReplyWriter::SetHeader(size_t n) {
  Header(protocol_ == 3 ? '~' : '*', static_cast<int64_t>(n));
}

void ReplyWriter::Double(double v) {
  std::string text = FormatDouble(v);
  if (protocol_ != 3) return Bulk(text);
  out_->push_back(',');
  out_->append(text);
  out_->append("\r\n");
}

void ReplyWriter::Bool(bool v) {
  if (protocol_ == 3) return out_->append(v ? "#t\r\n" : "#f\r\n"), void();
  Integer(v ? 1 : 0);
}

void ReplyWriter::Verbatim(std::string_view text) {
  if (protocol_ != 3) return Bulk(text);
  Header('=', static_cast<int64_t>(text.size() + 4));
  out_->append("txt:");
  out_->append(text);
  out_->append("\r\n");
}

std::string FormatDouble(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (std::isnan(v)) return "nan";
  char buf[64];
  int n = std::snprintf(buf, sizeof(buf), "%.17g", v);
  return std::string(buf, n);
}

}  // namespace slotcache::resp
