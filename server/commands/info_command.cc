// INFO [section ...]: bulk text in RESP2, verbatim text in RESP3.
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"
#include "server/stats/info_sections.h"

namespace slotcache::server {

void CmdInfo(CommandContext& ctx) {
  ctx.reply().Verbatim(InfoText(ctx.server(), ctx.args().subspan(1), ctx.now_ms()));
}

}  // namespace slotcache::server
