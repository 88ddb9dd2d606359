// The yardstick for bl-tui's first frame: the smallest Ink app, bundled exactly like bl-tui.
import {render, Text} from 'ink';

render(<Text>Hello, world</Text>);
