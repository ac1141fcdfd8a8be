"""Who may see and manage indicators: any member sees them; the coordinator manages them."""

import rules

from partners.rules import is_coordinator, is_member

rules.add_perm("indicators.view_indicator", is_member)
rules.add_perm("indicators.manage_indicator", is_coordinator)
