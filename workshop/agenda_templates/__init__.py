"""Workshop templates (issue 16): start a workshop from one, save a workshop's agenda as one."""
