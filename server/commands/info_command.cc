// INFO [section ...]: bulk text in RESP2, verbatim text in RESP3.
#include "server/commands/commands.h"
#include "server/info_sections.h"

namespace slotcache::server {

void CmdInfo(CommandContext& ctx) {
  ctx.reply().Verbatim(InfoText(ctx.server(), ctx.args().subspan(1), ctx.now_ms()));
}

}  // namespace slotcache::server
