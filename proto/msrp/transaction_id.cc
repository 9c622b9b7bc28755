// makeIdent is a template; this unit keeps the header compiled on its own.
#include "proto/msrp/transaction_id.h"
