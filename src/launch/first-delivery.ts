// Published by the command at its first delivery report: the code a real run needs is compiled by
// then, so the launcher writes the compile cache and sets its heap flag (src/launch/).
import { channel } from 'node:diagnostics_channel';

export const firstDeliveryChannel = channel('simple-produce:first-delivery');
